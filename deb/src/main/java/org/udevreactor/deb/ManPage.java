package org.udevreactor.deb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.udevreactor.reactor.cli.ReactorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Writes reactor(1), the package's manual page, from the command line's own picocli model: the
 * top-level description, then every command's {@code --help} text verbatim, so the page can
 * never disagree with {@code reactor COMMAND --help}. Run at package time (see deb/pom.xml).
 *
 * <p>Usage: {@code ManPage OUTPUT VERSION DATE}.
 */
public final class ManPage {
    private static final String FILES = """
            .TP
            .I /etc/reactor/reactor.toml
            Settings of \\fBreactor run\\fR; every key optional, the defaults commented.
            .TP
            .I /usr/lib/reactor/rules.d, /run/reactor/rules.d, /etc/reactor/rules.d
            Policy files (*.toml), lowest precedence first; the package's bind nothing.
            .TP
            .I /run/reactor/control.sock
            The control socket of \\fBreactor status\\fR, \\fBreload\\fR and \\fBsettle\\fR.
            .TP
            .I /var/cache/udev-reactor
            The module index, rebuilt when the kernel's depmod files change.
            """;

    private ManPage() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ManPage OUTPUT VERSION DATE, got " + List.of(args));
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, render(ReactorCommand.commandLine(), args[1], args[2]), StandardCharsets.UTF_8);
    }

    static String render(CommandLine top, String version, String date) {
        StringBuilder page = new StringBuilder();
        page.append(".TH REACTOR 1 \"").append(date).append("\" \"udev-reactor ").append(version)
                .append("\" \"udev reactor\"\n");
        page.append(".SH NAME\nreactor \\- kernel device events to module loads and VFIO bindings\n");
        page.append(".SH SYNOPSIS\n.B reactor\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
        page.append(".SH DESCRIPTION\n");
        for (String line : top.getCommandSpec().usageMessage().description()) {
            page.append(text(line)).append('\n');
        }
        page.append("The daemon, \\fBreactor run\\fR, runs as the systemd unit \\fBreactor.service\\fR.\n");
        page.append(".SH COMMANDS\n");
        for (CommandLine command : commands(top)) {
            page.append(".SS \"").append(command.getCommandSpec().qualifiedName()).append("\"\n.nf\n");
            for (String line : command.getUsageMessage(Ansi.OFF).split("\n", -1)) {
                page.append(text(line)).append('\n');
            }
            page.append(".fi\n");
        }
        page.append(".SH FILES\n").append(FILES);
        page.append(".SH SEE ALSO\n.BR systemctl (1),\n.BR modprobe (8),\n.BR lspci (8);\n");
        page.append("/usr/share/doc/udev-reactor/README.md\n");
        return page.toString();
    }

    /** Every command below the top one, depth first in declaration order; picocli's help command is left out. */
    private static List<CommandLine> commands(CommandLine parent) {
        List<CommandLine> all = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet()) {
            CommandLine command = sub.getValue();
            // Aliases appear as further keys for the same command.
            if (!sub.getKey().equals(command.getCommandName()) || command.getCommand() instanceof CommandLine.HelpCommand) {
                continue;
            }
            all.add(command);
            all.addAll(commands(command));
        }
        return all;
    }

    /**
     * One line of text as roff reads it literally: backslashes escaped, '-' as the minus sign
     * options are typed with, and a leading '.' or '\'' not taken for a request.
     */
    static String text(String line) {
        String escaped = line.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
