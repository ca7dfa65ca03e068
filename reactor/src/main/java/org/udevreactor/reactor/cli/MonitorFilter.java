package org.udevreactor.reactor.cli;

import java.util.List;
import java.util.Set;
import org.udevreactor.netlink.Uevent;
import org.udevreactor.netlink.UeventAction;

/**
 * Which events {@code reactor monitor} shows, as udevadm monitor selects them: any of the
 * {@code SUBSYSTEM[/DEVTYPE]} matches, and any of the actions; an empty list matches everything.
 */
record MonitorFilter(List<String> subsystemMatches, Set<UeventAction> actions) {

    MonitorFilter {
        subsystemMatches = List.copyOf(subsystemMatches);
        actions = Set.copyOf(actions);
        for (String match : subsystemMatches) {
            if (match.isEmpty() || match.startsWith("/") || match.endsWith("/")) {
                throw new IllegalArgumentException("--subsystem-match \"" + match + "\": expected SUBSYSTEM or"
                        + " SUBSYSTEM/DEVTYPE");
            }
        }
    }

    boolean accepts(Uevent event) {
        return (actions.isEmpty() || actions.contains(event.action()))
                && (subsystemMatches.isEmpty() || subsystemMatches.stream().anyMatch(match -> matches(match, event)));
    }

    private static boolean matches(String match, Uevent event) {
        int slash = match.indexOf('/');
        if (slash < 0) {
            return match.equals(event.subsystem());
        }
        return match.substring(0, slash).equals(event.subsystem())
                && event.devtype().map(match.substring(slash + 1)::equals).orElse(false);
    }
}
