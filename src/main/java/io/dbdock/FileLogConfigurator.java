package io.dbdock;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.util.Map;

/**
 * dbdock's log: {@code <data root>/logs/dbdock.log} at INFO, rolled at 5 MB, five files kept.
 * Configured in code rather than logback.xml: the XML configurator loads several hundred classes
 * and an XML parser, half a second of every start. Tests bring a logback-test.xml, which wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class FileLogConfigurator extends ContextAwareBase implements Configurator {
    /** Chatty libraries whose problems dbdock reports itself. */
    private static final Map<String, Level> QUIETER = Map.of(
            "com.github.dockerjava", Level.WARN,
            // Stream errors (a failed pull, a closed event stream) are handled and logged by dbdock.
            "com.github.dockerjava.api.async.ResultCallbackTemplate", Level.OFF,
            "org.apache.hc", Level.WARN,
            "org.mongodb.driver", Level.WARN,
            "org.mariadb.jdbc", Level.WARN,
            // D-Bus (the desktop's tray): which transport it chose is not news; what went wrong dbdock logs itself.
            "org.freedesktop.dbus", Level.WARN,
            "redis.clients", Level.WARN,
            // SSH (remote engines): dbdock logs the connection and each tunnel itself. A channel still pumping while its
            // connection closes (dbdock quitting) is reported as an error there; it is the expected end.
            "org.apache.sshd", Level.WARN,
            "org.apache.sshd.client.channel.ChannelExec", Level.OFF);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (FileLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Set by io.dbdock.Main from the data root before the first logger exists.
        String dir = System.getProperty("dbdock.logdir", System.getProperty("java.io.tmpdir"));

        // The file appender (pattern parsing, rolling policy) is built at the first event: a command
        // that logs nothing (url, list, --version) does not pay for it.
        LazyAppender file = new LazyAppender(() -> fileAppender(context, dir));
        file.setContext(context);
        file.setName("FILE");
        file.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, String dir) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir + "/dbdock.log");
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir + "/dbdock.%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("5MB"));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.start();
        return file;

    }

    /** Hands events to an appender made when the first one arrives (and stops it with itself). */
    private static final class LazyAppender extends ch.qos.logback.core.AppenderBase<ILoggingEvent> {
        private final java.util.function.Supplier<RollingFileAppender<ILoggingEvent>> make;
        private RollingFileAppender<ILoggingEvent> target;

        LazyAppender(java.util.function.Supplier<RollingFileAppender<ILoggingEvent>> make) {
            this.make = make;
        }

        @Override
        protected void append(ILoggingEvent event) {
            // AppenderBase.doAppend holds this appender's lock: one target, made once.
            if (target == null) {
                target = make.get();
            }
            target.doAppend(event);
        }

        @Override
        public void stop() {
            if (target != null) {
                target.stop();
            }
            super.stop();
        }
    }
}
