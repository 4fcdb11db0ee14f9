package io.dbdock;

import ch.qos.logback.classic.spi.LogbackServiceProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging provider {@link Main} installs: loggers that start logback (and so
 * {@link FileLogConfigurator}) only when the first event at INFO or above is written. Every class
 * holds a logger from its first use, so without this each command paid for logback's start-up
 * (some fifty milliseconds with the class-data archive, a hundred without) even when, like
 * {@code dbdock url}, it writes nothing. Before that first event DEBUG and TRACE are off, as in
 * dbdock's own configuration; after it every logger asks logback. Nothing logged is lost.
 * dbdock sets no MDC values, so the mapped diagnostic context here is SLF4J's plain one.
 */
public final class DeferredLogging implements SLF4JServiceProvider {
    private final ConcurrentMap<String, Deferred> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private volatile ILoggerFactory started;

    /** Whether logback has been started (the first event worth writing has arrived). */
    public boolean started() {
        return started != null;
    }

    /** Logback's logger factory (its LoggerContext) once started, else null. */
    ILoggerFactory startedFactory() {
        return started;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> loggers.computeIfAbsent(name, Deferred::new);
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing until the first event: that is the point.
    }

    private ILoggerFactory logback() {
        ILoggerFactory factory = started;
        if (factory == null) {
            synchronized (this) {
                if (started == null) {
                    LogbackServiceProvider provider = new LogbackServiceProvider();
                    provider.initialize();
                    started = provider.getLoggerFactory();
                }
                factory = started;
            }
        }
        return factory;
    }

    private final class Deferred extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private transient volatile Logger target;

        Deferred(String name) {
            this.name = name;
        }

        private Logger target() {
            Logger t = target;
            if (t == null) {
                t = logback().getLogger(name);
                target = t;
            }
            return t;
        }

        /** The real logger's answer once logback runs; before that INFO and above are on (the first one starts it). */
        private boolean enabled(Level level) {
            if (started == null) {
                return level.toInt() >= Level.INFO.toInt();
            }
            return target().isEnabledForLevel(level);
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return Deferred.class.getName();
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
            Logger t = target();
            if (t instanceof LocationAwareLogger aware) {
                aware.log(marker, getFullyQualifiedCallerName(), level.toInt(), message, arguments, throwable);
            } else {
                t.atLevel(level).setCause(throwable).log(message, arguments);
            }
        }
    }
}
