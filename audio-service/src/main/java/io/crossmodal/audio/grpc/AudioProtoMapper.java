package io.crossmodal.audio.grpc;

import io.crossmodal.audio.asr.Transcript;
import io.crossmodal.audio.decode.DecodedAudio;
import io.crossmodal.audio.transcribe.SegmentTranscript;
import io.crossmodal.audio.transcribe.Transcriber;
import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.SpeechSegment;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.audio.v1.TranscriptSegment;
import io.crossmodal.audio.v1.WordTiming;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.TimeSpan;
import java.util.List;

/** Converts between the audio service's domain types and its v1 proto messages. */
final class AudioProtoMapper {

    private AudioProtoMapper() {}

    static AudioInfo audioInfo(DecodedAudio d) {
        return AudioInfo.newBuilder()
                .setFormat(d.formatName())
                .setSampleRateHz(d.sampleRateHz())
                .setChannels(d.channels())
                .setBitsPerSample(d.bitsPerSample())
                .setDurationMs(d.durationMillis())
                .build();
    }

    static SpeechSegment segment(SpeechSpan span) {
        return SpeechSegment.newBuilder()
                .setSpan(TimeSpan.newBuilder().setStartMs(span.startMs()).setEndMs(span.endMs()))
                .setConfidence(span.confidence())
                .build();
    }

    static Embedding embedding(String spaceId, float[] vector) {
        Embedding.Builder b = Embedding.newBuilder().setSpaceId(spaceId).setDimension(vector.length);
        for (float v : vector) {
            b.addValues(v);
        }
        return b.build();
    }

    static TranscribeResponse transcript(List<SegmentTranscript> segments, AudioInfo info, String model) {
        TranscribeResponse.Builder r = TranscribeResponse.newBuilder()
                .setText(Transcriber.text(segments))
                .setModel(model);
        if (info != null) {
            r.setAudio(info);
        }
        for (SegmentTranscript s : segments) {
            TranscriptSegment.Builder seg = TranscriptSegment.newBuilder()
                    .setSegment(segment(s.segment()))
                    .setText(s.transcript().text());
            for (Transcript.Word w : s.transcript().words()) {
                WordTiming.Builder word = WordTiming.newBuilder().setWord(w.text()).setConfidence(w.confidence());
                if (w.timed()) {
                    word.setSpan(TimeSpan.newBuilder().setStartMs(w.startMillis()).setEndMs(w.endMillis()));
                }
                seg.addWords(word);
            }
            r.addSegments(seg);
        }
        return r.build();
    }
}
