package dev.provisioning.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Collects the log records of some categories (and their sub-categories) of the application under
 * test while it is open, with the MDC each record carried.
 */
public final class CapturedLog implements AutoCloseable {
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                records.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public CapturedLog(String... categories) {
        handler.setLevel(Level.ALL);
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            logger.addHandler(handler);
            loggers.add(logger);
            levels.add(logger.getLevel());
            // the test profile keeps the access log quiet; while capturing, INFO is what production logs
            logger.setLevel(Level.INFO);
        }
    }

    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    /** The records matching {@code filter}, waiting up to 5 s for at least {@code count} of them (access lines are written when the response has ended). */
    public List<ExtLogRecord> await(int count, Predicate<ExtLogRecord> filter) {
        return Eventually.await(Duration.ofSeconds(5), () -> records.stream().filter(filter).toList(), found -> found.size() >= count);
    }

    /** The records whose MDC names this request id. */
    public List<ExtLogRecord> ofRequest(String requestId, int atLeast) {
        return await(atLeast, r -> requestId.equals(r.getMdc("requestId")));
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
