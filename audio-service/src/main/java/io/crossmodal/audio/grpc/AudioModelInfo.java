package io.crossmodal.audio.grpc;

import io.crossmodal.audio.embed.SpeechEmbedder;
import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.tts.Voice;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;

/** ListModels of the audio service: its models and programs, their states, the embedding space and the limits. */
final class AudioModelInfo {

    private AudioModelInfo() {}

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

    static ListModelsResponse listModels(AudioModels models, long maxInboundMessageBytes) {
        ListModelsResponse.Builder r = ListModelsResponse.newBuilder().setLimits(limits(models,
                maxInboundMessageBytes));
        ModelStates states = models.states();
        models.loadedVad().ifPresent(v -> r.addModels(repositoryModel(v.descriptor(),
                states.get(v.descriptor().name()), v.batching()).build()));
        models.loadedEmbedder().ifPresent(e -> r.addModels(repositoryModel(e.descriptor(),
                states.get(e.descriptor().name()), e.batching()).setSpace(space(e)).build()));
        models.loadedRecognizer().ifPresent(rec -> r.addModels(ModelInfo.newBuilder()
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
                        .setVersion(synthesizer.voices().stream().map(Voice::name).findFirst().orElse(""))
                        .setEngine("external process")
                        .setTask("speech-synthesis")
                        .setModality(Modality.MODALITY_AUDIO)
                        .addAllLanguages(synthesizer.languages())
                        .setSource(synthesizer.name().toLowerCase().contains("festival")
                                ? "debian:festival festvox-us-slt-hts" : "debian:espeak-ng")
                        .setIsDefault(true)
                        .setState(state(states.get(AudioModels.SYNTHESIZER))));
            }
        });
        // what is not loaded (yet): its state and why
        states.snapshot().forEach((name, entry) -> {
            if (entry.state() != ModelStates.State.READY) {
                r.addModels(ModelInfo.newBuilder().setName(name).setModality(Modality.MODALITY_AUDIO)
                        .setState(state(entry)).setStateMessage(entry.message()));
            }
        });
        return r.build();
    }

    private static ModelInfo.Builder repositoryModel(ModelDescriptor d, ModelStates.Entry state,
            BatcherConfig batching) {
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
                .addLimits(limit("max_request_bytes", maxInboundMessageBytes, "bytes",
                        "Largest gRPC message the service reads"))
                .addLimits(limit("max_audio_bytes", config.maxAudioBytes(), "bytes",
                        "Largest encoded clip, checked before parsing (streamed audio: as it arrives)"))
                .addLimits(limit("max_audio_seconds", config.maxAudioDuration().toSeconds(), "seconds",
                        "Longest clip, from the header before decoding where the format tells it"))
                .addLimits(limit("max_items_per_call", config.maxClipsPerCall(), "items",
                        "Most clips one EmbedAudio call may carry"))
                .addLimits(limit("decode_timeout", config.decodeTimeout().toMillis(), "milliseconds",
                        "Longest one clip may take to decode"))
                .addLimits(limit("min_output_sample_rate_hz", AudioGrpcService.MIN_OUTPUT_RATE, "hertz",
                        "Lowest rate Synthesize renders"))
                .addLimits(limit("max_output_sample_rate_hz", AudioGrpcService.MAX_OUTPUT_RATE, "hertz",
                        "Highest rate Synthesize renders"));
        models.loadedSynthesizer().ifPresent(s -> l
                .addLimits(limit("max_synthesis_chars", s.limits().maxTextChars(), "characters",
                        "Longest text Synthesize speaks, checked before a process starts"))
                .addLimits(limit("synthesis_timeout", s.limits().timeout().toMillis(), "milliseconds",
                        "Longest a synthesis process may run before it is killed")));
        return l.build();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder().setName(name).setValue(value).setUnit(unit).setDescription(description).build();
    }
}
