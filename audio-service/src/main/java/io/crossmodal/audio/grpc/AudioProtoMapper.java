package io.crossmodal.audio.grpc;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.asr.Transcript;
import io.crossmodal.audio.decode.DecodedAudio;
import io.crossmodal.audio.decode.StreamingAudioDecoder;
import io.crossmodal.audio.embed.ClipEmbedding;
import io.crossmodal.audio.embed.SpeechEmbedder;
import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.tasks.AudioTasks;
import io.crossmodal.audio.transcribe.SegmentTranscript;
import io.crossmodal.audio.transcribe.Transcriber;
import io.crossmodal.audio.tts.Voice;
import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.EmbedAudioResult;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.SegmentEmbedding;
import io.crossmodal.audio.v1.SpeechSegment;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.audio.v1.TranscriptSegment;
import io.crossmodal.audio.v1.WordTiming;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.common.v1.TimeSpan;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.servicekit.health.ModelStates;
import java.util.List;

/**
 * Converts between the audio service's domain types and its v1 proto messages: requests into domain inputs, domain
 * results into whole responses (ListModels included: models, programs, their states, the space and the limits).
 */
final class AudioProtoMapper {

    private AudioProtoMapper() {}

    /** A clip's bytes (a read-only view, not a copy) and its declared type. */
    static AudioTasks.Clip clip(Media media) {
        return new AudioTasks.Clip(media.getData().asReadOnlyByteBuffer(), media.getMimeType());
    }

    static List<AudioTasks.Clip> clips(EmbedAudioRequest request) {
        return request.getClipsList().stream().map(AudioProtoMapper::clip).toList();
    }

    static DetectSpeechResponse detectSpeechResponse(AudioTasks.SpeechFound found) {
        return DetectSpeechResponse.newBuilder()
                .addAllSegments(
                        found.segments().stream().map(AudioProtoMapper::segment).toList())
                .setAudio(audioInfo(found.audio()))
                .build();
    }

    /** One result per clip, in order; a clip's own failure is its status, reported on {@code clips[i]}. */
    static EmbedAudioResponse embedAudioResponse(AudioTasks.Embedded embedded) {
        EmbedAudioResponse.Builder response = EmbedAudioResponse.newBuilder().addSpaces(space(embedded.embedder()));
        for (int i = 0; i < embedded.clips().size(); i++) {
            AudioTasks.ClipEmbedded clip = embedded.clips().get(i);
            EmbedAudioResult.Builder result = EmbedAudioResult.newBuilder();
            if (clip.audio() != null) {
                result.setAudio(audioInfo(clip.audio()));
            }
            if (clip.error() != null) {
                result.setStatus(GrpcErrors.toStatus(clip.error(), "clips[" + i + "]"));
            } else {
                ClipEmbedding e = clip.embedding();
                result.setStatus(GrpcErrors.ok()).setEmbedding(embedding(e.spaceId(), e.vector()));
                for (ClipEmbedding.SegmentEmbedding s : e.segments()) {
                    result.addSegments(SegmentEmbedding.newBuilder()
                            .setSegment(segment(s.segment()))
                            .setEmbedding(embedding(e.spaceId(), s.vector())));
                }
            }
            response.addResults(result);
        }
        return response.build();
    }

    static TranscribeResponse transcribeResponse(AudioTasks.Transcribed t) {
        return transcript(t.segments(), audioInfo(t.audio()), t.model());
    }

    /** The last message of a StreamingTranscribe call: the whole result, as Transcribe gives it. */
    static StreamingTranscribeResponse finalTranscript(
            List<SegmentTranscript> segments, StreamingAudioDecoder d, String model) {
        TranscribeResponse result = transcript(segments, audioInfo(d), model);
        return StreamingTranscribeResponse.newBuilder()
                .setPartialText(result.getText())
                .setIsFinal(true)
                .setResult(result)
                .build();
    }

    static StreamingTranscribeResponse partialTranscript(String text) {
        return StreamingTranscribeResponse.newBuilder().setPartialText(text).build();
    }

    static SynthesizeResponse synthesizeResponse(AudioTasks.Synthesized speech) {
        return SynthesizeResponse.newBuilder()
                .setAudio(Media.newBuilder()
                        .setData(ByteString.copyFrom(speech.wav()))
                        .setMimeType("audio/wav"))
                .setDurationMs(speech.durationMillis())
                .setVoice(speech.voice())
                .build();
    }

    static AudioInfo audioInfo(DecodedAudio d) {
        return AudioInfo.newBuilder()
                .setFormat(d.formatName())
                .setSampleRateHz(d.sampleRateHz())
                .setChannels(d.channels())
                .setBitsPerSample(d.bitsPerSample())
                .setDurationMs(d.durationMillis())
                .build();
    }

    /** Format facts of a streamed upload, once its header has been read. */
    static AudioInfo audioInfo(StreamingAudioDecoder d) {
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
                WordTiming.Builder word =
                        WordTiming.newBuilder().setWord(w.text()).setConfidence(w.confidence());
                if (w.timed()) {
                    word.setSpan(
                            TimeSpan.newBuilder().setStartMs(w.startMillis()).setEndMs(w.endMillis()));
                }
                seg.addWords(word);
            }
            r.addSegments(seg);
        }
        return r.build();
    }

    static EmbeddingSpace space(SpeechEmbedder embedder) {
        ModelDescriptor d = embedder.descriptor();
        return EmbeddingSpace.newBuilder()
                .setId(embedder.spaceId())
                .setModel(d.name())
                .setVersion(d.version())
                .setPreprocessingRevision(d.settings().get(ServingProperties.PREPROCESSING_REVISION, ""))
                .setDimension(embedder.dimension())
                .addModalities(Modality.MODALITY_AUDIO)
                .setMetric(DistanceMetric.DISTANCE_METRIC_COSINE)
                .setNormalized(true)
                .build();
    }

    /** The models and programs loaded, with their states; what is not loaded (yet) by name, state and why. */
    static ListModelsResponse listModels(AudioModels models, long maxInboundMessageBytes) {
        ListModelsResponse.Builder r =
                ListModelsResponse.newBuilder().setLimits(limits(models, maxInboundMessageBytes));
        ModelStates states = models.states();
        models.loadedVad()
                .ifPresent(v -> r.addModels(repositoryModel(
                                v.descriptor(), states.get(v.descriptor().name()), v.batching())
                        .build()));
        models.loadedEmbedder()
                .ifPresent(e -> r.addModels(repositoryModel(
                                e.descriptor(), states.get(e.descriptor().name()), e.batching())
                        .setSpace(space(e))
                        .build()));
        models.loadedRecognizer()
                .ifPresent(rec -> r.addModels(ModelInfo.newBuilder()
                        .setName(rec.name())
                        .setVersion(rec.version())
                        .setEngine("pocketsphinx (JNA)")
                        .setTask("speech-recognition")
                        .setModality(Modality.MODALITY_AUDIO)
                        .addAllLanguages(rec.languages())
                        .setLicense("BSD-2-Clause")
                        .setSource("debian:libpocketsphinx3 pocketsphinx-en-us")
                        .setIsDefault(true)
                        .setState(state(states.get(AudioModels.RECOGNIZER)))));
        models.loadedSynthesizer().ifPresent(s -> {
            for (var synthesizer : s.synthesizers()) {
                r.addModels(ModelInfo.newBuilder()
                        .setName(synthesizer.name())
                        .setVersion(synthesizer.voices().stream()
                                .map(Voice::name)
                                .findFirst()
                                .orElse(""))
                        .setEngine("external process")
                        .setTask("speech-synthesis")
                        .setModality(Modality.MODALITY_AUDIO)
                        .addAllLanguages(synthesizer.languages())
                        .setSource(
                                synthesizer.name().toLowerCase().contains("festival")
                                        ? "debian:festival festvox-us-slt-hts"
                                        : "debian:espeak-ng")
                        .setIsDefault(true)
                        .setState(state(states.get(AudioModels.SYNTHESIZER))));
            }
        });
        states.snapshot().forEach((name, entry) -> {
            if (entry.state() != ModelStates.State.READY) {
                r.addModels(ModelInfo.newBuilder()
                        .setName(name)
                        .setModality(Modality.MODALITY_AUDIO)
                        .setState(state(entry))
                        .setStateMessage(entry.message()));
            }
        });
        return r.build();
    }

    private static ModelInfo.Builder repositoryModel(
            ModelDescriptor d, ModelStates.Entry state, BatcherConfig batching) {
        return ModelInfo.newBuilder()
                .setName(d.name())
                .setVersion(d.version())
                .setEngine(d.engine())
                .setTask(d.task())
                .setModality(Modality.MODALITY_AUDIO)
                .setLicense(d.license())
                .setSource(d.source())
                .setIsDefault(true)
                .setState(state(state))
                .setStateMessage(state.message())
                .setBatching(BatchingConfig.newBuilder()
                        .setMaxBatchSize(batching.maxBatchSize())
                        .setMaxQueueDelayMs((int) batching.maxQueueDelay().toMillis())
                        .setQueueCapacity(batching.queueCapacity())
                        .setMaxBatchCost(batching.maxBatchCost())
                        .setCostUnit(batching.costUnit()));
    }

    private static ModelState state(ModelStates.Entry entry) {
        return switch (entry.state()) {
            case LOADING -> ModelState.MODEL_STATE_LOADING;
            case READY -> ModelState.MODEL_STATE_READY;
            case FAILED -> ModelState.MODEL_STATE_FAILED;
        };
    }

    private static ServiceLimits limits(AudioModels models, long maxInboundMessageBytes) {
        var config = models.config();
        ServiceLimits.Builder l = ServiceLimits.newBuilder()
                .addLimits(limit(
                        "max_request_bytes", maxInboundMessageBytes, "bytes", "Largest gRPC message the service reads"))
                .addLimits(limit(
                        "max_audio_bytes",
                        config.maxAudioBytes(),
                        "bytes",
                        "Largest encoded clip, checked before parsing (streamed audio: as it arrives)"))
                .addLimits(limit(
                        "max_audio_seconds",
                        config.maxAudioDuration().toSeconds(),
                        "seconds",
                        "Longest clip, from the header before decoding where the format tells it"))
                .addLimits(limit(
                        "max_items_per_call",
                        config.maxClipsPerCall(),
                        "items",
                        "Most clips one EmbedAudio call may carry"))
                .addLimits(limit(
                        "decode_timeout",
                        config.decodeTimeout().toMillis(),
                        "milliseconds",
                        "Longest one clip may take to decode"))
                .addLimits(limit(
                        "min_output_sample_rate_hz",
                        AudioTasks.MIN_OUTPUT_RATE,
                        "hertz",
                        "Lowest rate Synthesize renders"))
                .addLimits(limit(
                        "max_output_sample_rate_hz",
                        AudioTasks.MAX_OUTPUT_RATE,
                        "hertz",
                        "Highest rate Synthesize renders"));
        models.loadedSynthesizer()
                .ifPresent(s -> l.addLimits(limit(
                                "max_synthesis_chars",
                                s.limits().maxTextChars(),
                                "characters",
                                "Longest text Synthesize speaks, checked before a process starts"))
                        .addLimits(limit(
                                "synthesis_timeout",
                                s.limits().timeout().toMillis(),
                                "milliseconds",
                                "Longest a synthesis process may run before it is killed")));
        return l.build();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder()
                .setName(name)
                .setValue(value)
                .setUnit(unit)
                .setDescription(description)
                .build();
    }
}
