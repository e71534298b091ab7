package dev.provisioning.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for what a service does after it answered (a log line written at the end of a request, an exported span, a probe). */
public final class Eventually {
    private Eventually() {
    }

    /** The value once {@code done} holds for it, or the last value read when {@code timeout} has passed. */
    public static <T> T await(Duration timeout, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T current = value.get();
            if (done.test(current) || System.nanoTime() > deadline) {
                return current;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
        }
    }
}
