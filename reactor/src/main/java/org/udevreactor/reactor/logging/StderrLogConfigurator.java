package org.udevreactor.reactor.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration for every reactor command, in code (found by Logback through
 * META-INF/services): one appender on stderr (stdout carries data: events, JSON) with the
 * journal's or the terminal's line ({@link LogPattern}), the root level from REACTOR_LOG_LEVEL
 * (a system property, else the environment variable; INFO when neither is set; Logback's own
 * reading of a name, so an unknown one means DEBUG), and Netty's warnings hidden.
 *
 * <p>Why not logback.xml: reading it took ~180 ms of a 500 ms daemon start (Joran and the XML
 * parser load ~650 classes before the first line is written). A logback.xml of one's own still
 * applies when named with {@code -Dlogback.configurationFile=FILE}: this configurator then steps
 * aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {
    static final String LEVEL_VARIABLE = "REACTOR_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // Known before start: starting compiles the pattern.
        layout.getInstanceConverterMap().put("syslogPriority", SyslogPriority::new);
        layout.setPattern(LogPattern.forStderr());
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        // Netty (under Vert.x) probes network interfaces for a DNS resolver the daemon never
        // uses; in a VM guest without them it warns at every start. Its errors still show.
        context.getLogger("io.netty").setLevel(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(System.getProperty(LEVEL_VARIABLE), System.getenv(LEVEL_VARIABLE)));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback.xml's {@code ${REACTOR_LOG_LEVEL:-INFO}} read it: the property first, then the environment. */
    static Level rootLevel(String property, String environment) {
        String name = property != null && !property.isEmpty() ? property : environment;
        return name == null || name.isEmpty() ? Level.INFO : Level.toLevel(name.strip());
    }
}
