package io.crossmodal.servicekit.health;

import java.util.function.Consumer;

/**
 * How every encoder service becomes ready: it reports "not serving" at once, loads and warms its models up on a
 * background thread (so the server starts listening, and answers health probes, immediately), and reports
 * "serving" exactly when every model of {@code states} is READY; a model that fails keeps it not serving.
 *
 * <p>The services connect {@code servingChanged} to the standard gRPC health service; this class knows nothing of
 * gRPC or Quarkus.
 */
public final class BackgroundLoading {

    private BackgroundLoading() {}

    /**
     * Publishes the current readiness, follows every later change of {@code states}, and starts {@code loadAll} on
     * a daemon thread named {@code threadName}.
     *
     * @param servingChanged called with {@code true} when every model is ready, {@code false} otherwise; called
     *     once at once and then on every state change
     */
    public static Thread start(
            String threadName, ModelStates states, Runnable loadAll, Consumer<Boolean> servingChanged) {
        servingChanged.accept(states.allReady());
        states.onChange(s -> servingChanged.accept(s.allReady()));
        Thread loader = new Thread(loadAll, threadName);
        loader.setDaemon(true);
        loader.start();
        return loader;
    }
}
