package io.crossmodal.models;

/**
 * A file written into a version folder.
 *
 * @param name   file name inside the version folder
 * @param size   size in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record ExtractedFile(String name, long size, String sha256) {}
