package org.udevreactor.reactor.modules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.udevreactor.netlink.NativeCallException;

/**
 * A kernel in memory: records every load call in order, makes a loaded module live, answers
 * chosen modules with an injected errno, and can run a hook inside a call (to hold it open).
 */
public final class FakeKernel implements KernelModules {
    /** One finit_module/init_module call as the fake saw it. */
    record Call(String module, String syscall, String file, String params, int flags, byte[] image) {
    }

    private final Map<String, ModuleState> states = new ConcurrentHashMap<>();
    private final Map<String, Integer> errnos = new HashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private Compression decompresses;
    private Consumer<String> duringCall = m -> { };

    FakeKernel state(String module, ModuleState state) {
        states.put(module, state);
        return this;
    }

    FakeKernel failing(String module, int errno) {
        errnos.put(module, errno);
        return this;
    }

    FakeKernel decompressing(Compression compression) {
        decompresses = compression;
        return this;
    }

    public FakeKernel duringCall(Consumer<String> hook) {
        duringCall = hook;
        return this;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<String> loadedInOrder() {
        return calls().stream().map(Call::module).toList();
    }

    @Override
    public ModuleState state(String module) {
        return states.getOrDefault(module, ModuleState.ABSENT);
    }

    @Override
    public Optional<Compression> kernelDecompression() {
        return Optional.ofNullable(decompresses);
    }

    @Override
    public void finitModule(Path file, String params, int flags) throws NativeCallException {
        call(new Call(moduleOf(file), "finit_module", file.toString(), params, flags, null));
    }

    @Override
    public void initModule(Path file, byte[] image, String params) throws NativeCallException {
        call(new Call(moduleOf(file), "init_module", file.toString(), params, 0, image));
    }

    private void call(Call call) throws NativeCallException {
        calls.add(call);
        duringCall.accept(call.module());
        Integer errno = errnos.get(call.module());
        if (errno != null) {
            throw new NativeCallException(call.syscall() + "(" + call.file() + ", \"" + call.params() + "\")", errno);
        }
        states.put(call.module(), ModuleState.LIVE);
    }

    /** The module name of a file, as depmod derives it: the file name up to its first '.', '-' as '_'. */
    static String moduleOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('.')).replace('-', '_');
    }
}
