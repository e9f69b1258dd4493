package io.crossmodal.audio.decode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Valid files of every format, small enough to decode thousands of mutations quickly. */
final class Seeds {

    private Seeds() {}

    static Map<String, byte[]> all() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        double[] l = WavBuilder.tone(440, 0.5, 22050, 2205, 0);
        double[] r = WavBuilder.tone(1000, 0.3, 22050, 2205, 1);
        seeds.put(
                "wav-16-stereo",
                new WavBuilder(22050, 2)
                        .pcm(16)
                        .chunkBeforeFmt("LIST", new byte[13])
                        .build(new double[][] {l, r}));
        seeds.put("wav-8", new WavBuilder(8000, 1).pcm(8).build(new double[][] {WavBuilder.tone(300, 0.5, 8000, 800, 0)
                }));
        seeds.put(
                "wav-24-extensible",
                new WavBuilder(48000, 2).pcm(24).extensible(24).build(new double[][] {
                    WavBuilder.tone(440, 0.5, 48000, 2400, 0), WavBuilder.tone(440, 0.5, 48000, 2400, 0)
                }));
        seeds.put(
                "wav-float32",
                new WavBuilder(44100, 1).floats(32).build(new double[][] {WavBuilder.tone(440, 0.5, 44100, 2205, 0)}));
        seeds.put(
                "wav-alaw",
                new WavBuilder(8000, 1).alaw().build(new double[][] {WavBuilder.tone(440, 0.5, 8000, 800, 0)}));
        seeds.put("rf64-16", new WavBuilder(16000, 1).pcm(16).rf64().build(new double[][] {
                    WavBuilder.tone(440, 0.5, 16000, 1600, 0)
                }));
        seeds.put("flac-16-stereo", Fixtures.resource("stereo-44100-16.flac"));
        seeds.put("flac-24-mono", Fixtures.resource("mono-48000-24.flac"));
        seeds.put("mp3-id3-lame", Fixtures.resource("stereo-44100-id3.mp3"));
        seeds.put("mp3-8k", Fixtures.resource("mono-8000.mp3"));
        seeds.put("mp3-22k", Fixtures.resource("mono-22050.mp3"));
        seeds.put("ogg-stereo", Fixtures.resource("stereo-44100.ogg"));
        seeds.put("ogg-mono", Fixtures.resource("mono-16000.ogg"));
        return seeds;
    }
}
