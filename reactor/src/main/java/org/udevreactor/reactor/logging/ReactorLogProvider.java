package org.udevreactor.reactor.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * slf4j's provider for the {@code reactor} command (chosen by {@code main} through the
 * {@code slf4j.provider} property): Logback, configured by {@link StderrLogConfigurator} directly.
 * Logback's own provider gets there through its ContextInitializer, which first checks that its
 * two jars' versions match (reading a properties file from each), scans for configurators, and
 * then logs how long configuring took, whose string concatenation is the JVM's first and
 * bootstraps the JDK's StringConcatFactory: ~40 % of configuring logging in a cold JVM, and the
 * daemon's start waits for the logging. Everything else (tests, other embedders) gets Logback's
 * own provider, which finds the same configurator through META-INF/services.
 */
public final class ReactorLogProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        StderrLogConfigurator configurator = new StderrLogConfigurator();
        configurator.setContext(context);
        if (configurator.configure(context) != Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            // -Dlogback.configurationFile: Logback's own way, as its provider would.
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("reactor: cannot configure logging: " + e);
            }
        }
        if (!StatusUtil.contextHasStatusListener(context)) {
            StatusPrinter.printInCaseOfErrorsOrWarnings(context);
        }
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
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
}
