package io.crossmodal.servicekit.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The lifecycle of the models one service runs. A service is SERVING only when every model it must serve is
 * {@link State#READY}, i.e. loaded and warmed up.
 */
public final class ModelStates {

    /** Lifecycle of one model. */
    public enum State {
        LOADING,
        READY,
        FAILED
    }

    /** A model's state and a human-readable detail. */
    public record Entry(State state, String message) {}

    private final Map<String, Entry> states = new LinkedHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ModelStates>> listeners = new CopyOnWriteArrayList<>();

    public void set(String model, State state, String message) {
        synchronized (states) {
            states.put(model, new Entry(state, message));
        }
        listeners.forEach(l -> l.accept(this));
    }

    public Entry get(String model) {
        synchronized (states) {
            return states.getOrDefault(model, new Entry(State.LOADING, "not loaded yet"));
        }
    }

    public Map<String, Entry> snapshot() {
        synchronized (states) {
            return Map.copyOf(states);
        }
    }

    /** True when at least one model is registered and all are READY. */
    public boolean allReady() {
        synchronized (states) {
            return !states.isEmpty() && states.values().stream().allMatch(e -> e.state() == State.READY);
        }
    }

    public void onChange(Consumer<ModelStates> listener) {
        listeners.add(listener);
    }
}
