package io.crossmodal.vision.detect;

/**
 * One detected object.
 *
 * @param label class label from the model's label file, e.g. {@code "cat"} (the class number as text when the
 *     label file has no line for it)
 * @param classId 0-based index of the label in the model's class list (COCO: 15 = cat)
 * @param score confidence in [0, 1]
 * @param box where, in original image pixels
 */
public record Detection(String label, int classId, float score, Box box) {}
