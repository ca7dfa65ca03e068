package org.udevreactor.reactor.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReactorLogProviderTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty(StderrLogConfigurator.LEVEL_VARIABLE);
        System.clearProperty("logback.configurationFile");
    }

    @Test
    void configuresTheStderrAppenderAndTheLevelsAsLogbacksOwnProviderWould() {
        System.setProperty(StderrLogConfigurator.LEVEL_VARIABLE, "debug");
        ReactorLogProvider provider = new ReactorLogProvider();
        provider.initialize();

        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget()).isEqualTo("System.err");
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.isStarted()).isTrue();
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    }

    @Test
    void aLogbackFileNamedOnTheCommandLineIsReadInstead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, "<configuration><appender name=\"OWN\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                + "<root level=\"warn\"><appender-ref ref=\"OWN\"/></root></configuration>");
        System.setProperty("logback.configurationFile", file.toString());
        ReactorLogProvider provider = new ReactorLogProvider();
        provider.initialize();

        Logger root = ((LoggerContext) provider.getLoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("OWN")).isNotNull();
        assertThat(root.getAppender("STDERR")).isNull();
    }
}
