package io.crossmodal.servicekit.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundLoadingTest {

    @Test
    void notServingAtOnceThenServingWhenEveryModelIsReady() throws Exception {
        ModelStates states = new ModelStates();
        states.set("a", ModelStates.State.LOADING, "queued");
        states.set("b", ModelStates.State.LOADING, "queued");
        List<Boolean> published = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread loader = BackgroundLoading.start(
                "test-loader",
                states,
                () -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    states.set("a", ModelStates.State.READY, "ready");
                    states.set("b", ModelStates.State.READY, "ready");
                },
                published::add);
        assertEquals(List.of(false), published, "not serving before anything loaded");
        assertTrue(loader.isDaemon());
        assertEquals("test-loader", loader.getName());
        release.countDown();
        loader.join(10_000);
        assertEquals(List.of(false, false, true), published);
    }

    @Test
    void aFailedModelKeepsTheServiceNotServing() throws Exception {
        ModelStates states = new ModelStates();
        states.set("a", ModelStates.State.LOADING, "queued");
        List<Boolean> published = new CopyOnWriteArrayList<>();
        BackgroundLoading.start(
                        "test-loader",
                        states,
                        () -> states.set("a", ModelStates.State.FAILED, "no such file"),
                        published::add)
                .join(10_000);
        assertEquals(List.of(false, false), published);
    }
}
