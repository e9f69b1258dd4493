package io.crossmodal.servicekit.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.servicekit.health.ModelStates.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelStatesTest {

    @Test
    void notReadyWhenEmpty() {
        assertFalse(new ModelStates().allReady(), "a service with no model registered is not SERVING");
    }

    @Test
    void readyOnlyWhenEveryModelIsReady() {
        ModelStates states = new ModelStates();
        states.set("text", State.LOADING, "loading");
        assertFalse(states.allReady());

        states.set("text", State.READY, "warmed up");
        assertTrue(states.allReady());

        states.set("image", State.LOADING, "loading");
        assertFalse(states.allReady(), "one LOADING model keeps the service NOT_SERVING");

        states.set("image", State.FAILED, "out of memory");
        assertFalse(states.allReady(), "one FAILED model keeps the service NOT_SERVING");

        states.set("image", State.READY, "warmed up");
        assertTrue(states.allReady());
    }

    @Test
    void unknownModelReadsAsLoading() {
        ModelStates.Entry entry = new ModelStates().get("nope");
        assertEquals(State.LOADING, entry.state());
        assertEquals("not loaded yet", entry.message());
    }

    @Test
    void listenersSeeEveryChangeWithTheNewState() {
        ModelStates states = new ModelStates();
        List<String> seenA = new ArrayList<>();
        List<Boolean> seenB = new ArrayList<>();
        states.onChange(
                s -> seenA.add(s.get("text").state() + ":" + s.get("text").message()));
        states.onChange(s -> seenB.add(s.allReady()));

        states.set("text", State.LOADING, "reading model");
        states.set("text", State.READY, "warmed up");
        states.set("text", State.FAILED, "native crash");

        assertEquals(List.of("LOADING:reading model", "READY:warmed up", "FAILED:native crash"), seenA);
        assertEquals(List.of(false, true, false), seenB);
    }

    @Test
    void snapshotIsAnImmutableCopy() {
        ModelStates states = new ModelStates();
        states.set("text", State.READY, "ok");
        Map<String, ModelStates.Entry> snapshot = states.snapshot();
        states.set("image", State.LOADING, "later");

        assertEquals(Map.of("text", new ModelStates.Entry(State.READY, "ok")), snapshot);
        assertThrows(
                UnsupportedOperationException.class, () -> snapshot.put("x", new ModelStates.Entry(State.READY, "")));
        assertEquals(2, states.snapshot().size());
    }
}
