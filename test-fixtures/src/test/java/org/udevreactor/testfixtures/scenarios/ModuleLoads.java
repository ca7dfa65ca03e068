package org.udevreactor.testfixtures.scenarios;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import org.udevreactor.testfixtures.vm.KernelTrace;

/**
 * What the guest kernel's trace says about module loads: when each module's init returned 0 (it
 * went live) and when it entered its init, which failed, and which task loaded it. An init runs in the task that entered
 * do_init_module, so entry and return pair up by pid.
 */
record ModuleLoads(Map<String, Long> liveAt, Set<String> failed, Map<String, String> loader, Map<String, Long> initAt) {

    static ModuleLoads of(List<KernelTrace.Event> events) {
        Map<Integer, String> initialising = new HashMap<>();
        Map<Integer, Long> entered = new HashMap<>();
        Map<String, Long> initAt = new LinkedHashMap<>();
        Map<String, Long> live = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        Map<String, String> loader = new LinkedHashMap<>();
        for (KernelTrace.Event e : events) {
            if (e.event().equals("modinit")) {
                initialising.put(e.pid(), e.field("name").orElseThrow());
                entered.put(e.pid(), e.nanos());
            } else if (e.event().equals("modlive")) {
                String module = initialising.remove(e.pid());
                if (module == null) {
                    continue; // entered before the trace was cleared
                }
                if (e.field("ret").orElseThrow().equals("0")) {
                    live.put(module, e.nanos());
                    initAt.put(module, entered.get(e.pid()));
                    loader.put(module, e.task());
                } else {
                    failed.add(module);
                }
            }
        }
        return new ModuleLoads(live, failed, loader, initAt);
    }
}
