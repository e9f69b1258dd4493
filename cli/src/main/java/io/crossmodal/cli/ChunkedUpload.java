package io.crossmodal.cli;

import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import java.io.IOException;
import java.io.InputStream;

/**
 * One AnalyzeImageStream call: the header, the file in data chunks (sent as flow control allows, see
 * {@link ChunkedClientStream}), the half-close, then the single response.
 */
final class ChunkedUpload extends ChunkedClientStream<AnalyzeImageChunk, AnalyzeImageResponse, AnalyzeImageResponse> {

    private AnalyzeImageResponse response;

    private ChunkedUpload() {}

    /**
     * Uploads {@code data} after {@code header} in chunks of {@code chunkSize} bytes and returns the response; a
     * failed call throws StatusRuntimeException, a failed read IOException (after cancelling the call).
     */
    static AnalyzeImageResponse upload(
            VisionServiceGrpc.VisionServiceStub stub, AnalyzeImageHeader header, InputStream data, int chunkSize)
            throws IOException {
        ChunkedUpload call = new ChunkedUpload();
        stub.analyzeImageStream(call);
        call.send(
                AnalyzeImageChunk.newBuilder().setHeader(header).build(),
                data,
                chunkSize,
                bytes -> AnalyzeImageChunk.newBuilder().setData(bytes).build());
        return call.await();
    }

    @Override
    public void onNext(AnalyzeImageResponse value) {
        response = value;
    }

    @Override
    public void onCompleted() {
        finish(response, "the service ended the call without a response");
    }
}
