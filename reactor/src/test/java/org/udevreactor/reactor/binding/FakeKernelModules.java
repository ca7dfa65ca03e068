package org.udevreactor.reactor.binding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udevreactor.netlink.NativeCallException;
import org.udevreactor.reactor.modules.Compression;
import org.udevreactor.reactor.modules.KernelModules;
import org.udevreactor.reactor.modules.ModuleState;

/** Module loading in memory, wired to the fake bus: a loaded module registers its PCI drivers there. */
final class FakeKernelModules implements KernelModules {
    private final FakePciBus bus;
    private final Set<String> live = new HashSet<>();
    private final Map<String, Integer> failing = new HashMap<>();
    private final List<String> loads = new ArrayList<>();

    FakeKernelModules(FakePciBus bus) {
        this.bus = bus;
    }

    FakeKernelModules live(String module) {
        live.add(module);
        bus.moduleLoaded(module);
        return this;
    }

    FakeKernelModules failing(String module, int errno) {
        failing.put(module, errno);
        return this;
    }

    List<String> loads() {
        return List.copyOf(loads);
    }

    @Override
    public ModuleState state(String module) {
        return live.contains(module) ? ModuleState.LIVE : ModuleState.ABSENT;
    }

    @Override
    public Optional<Compression> kernelDecompression() {
        return Optional.empty();
    }

    @Override
    public void finitModule(Path file, String params, int flags) throws NativeCallException {
        String name = file.getFileName().toString();
        String module = name.substring(0, name.indexOf('.')).replace('-', '_');
        loads.add(module);
        Integer errno = failing.get(module);
        if (errno != null) {
            throw new NativeCallException("finit_module(" + file + ", \"" + params + "\", " + flags + ")", errno);
        }
        live(module);
    }

    @Override
    public void initModule(Path file, byte[] image, String params) throws NativeCallException {
        finitModule(file, params, 0);
    }
}
