package io.dbdock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class DeferredLoggingTest {
    @Test
    void logbackStartsAtTheFirstEventWorthWritingAndThenGetsEveryOne() {
        DeferredLogging provider = new DeferredLogging();
        provider.initialize();
        Logger log = provider.getLoggerFactory().getLogger("io.dbdock.deferred");
        assertFalse(log.isDebugEnabled());
        assertTrue(log.isInfoEnabled(), "INFO and above are on before the start: the first one starts logging");
        log.debug("not written: debug is off in dbdock's configuration");
        log.trace("nor this");
        assertFalse(provider.started(), "getting loggers and calls below INFO start nothing");

        log.info("first {}", 1);
        assertTrue(provider.started());
        LoggerContext context = (LoggerContext) provider.startedFactory();
        assertNotNull(context);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(seen);

        IllegalStateException failure = new IllegalStateException("boom");
        log.info("made {} in {} ms", "r1", 12);
        log.warn("could not {}", "stop", failure);
        log.debug("still off: the test configuration has io.dbdock at INFO");
        log.atInfo().addArgument("x").log("fluent {}");

        List<String> messages = seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("made r1 in 12 ms", "could not stop", "fluent x"), messages);
        assertEquals("io.dbdock.deferred", seen.list.get(0).getLoggerName());
        assertEquals("boom", seen.list.get(1).getThrowableProxy().getMessage(), "the exception reaches the log");
        assertFalse(log.isDebugEnabled(), "after the start the level is logback's");
        assertTrue(provider.getLoggerFactory().getLogger("io.dbdock.deferred") == log, "one logger per name");
    }
}
