package io.crossmodal.vision.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.servicekit.call.RequestScope;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The same pipeline on the TensorFlow engine (the SavedModels the ONNX importer wrote at preparation time). */
@Tag("tensorflow")
class TextReaderTensorFlowTest {

    @Test
    void readsTheExactLineOnTensorFlow() throws Exception {
        ModelRepository repo =
                new ModelRepository(Path.of(System.getProperty("crossmodal.model-repository", "../model-repository")));
        try (TextReader reader = TextReader.open(
                repo.get(TextReader.DETECTOR, Optional.empty()).withEngine("TensorFlow"),
                repo.get(TextReader.RECOGNISER, Optional.empty()).withEngine("TensorFlow"),
                Optional.of(
                        repo.get(TextReader.ANGLE_CLASSIFIER, Optional.empty()).withEngine("TensorFlow")),
                d -> BatchMetrics.NONE,
                ForkJoinPool.commonPool())) {
            assertEquals("TensorFlow", reader.models().get(0).engine());
            reader.warmUp();
            BufferedImage img = TextReaderTest.render(
                    List.of(TextReaderTest.EXACT), TextReaderTest.cjkFont().deriveFont(36f), 24, 0);
            List<TextLine> lines =
                    reader.read(img, 0.5f, RequestScope.UNBOUNDED).get(60, TimeUnit.SECONDS);
            assertEquals(1, lines.size(), TextReaderTest.text(lines));
            assertEquals(TextReaderTest.EXACT, lines.get(0).text());
        }
    }
}
