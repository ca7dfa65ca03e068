package org.udevreactor.meta;

import java.util.List;

/**
 * What the index knows about one module.
 *
 * @param path relative to the module directory as modules.dep has it, empty when built in
 * @param dependencies direct dependencies, in modules.dep order
 * @param loadOrder every module to load before this one, each after its own dependencies
 * @param softdepPre names modprobe loads first (modules or aliases, as written)
 * @param softdepPost names modprobe loads after
 */
public record ModuleInfo(String name, String path, boolean builtin, List<String> dependencies, List<String> loadOrder,
        List<String> softdepPre, List<String> softdepPost) {
    public ModuleInfo {
        dependencies = List.copyOf(dependencies);
        loadOrder = List.copyOf(loadOrder);
        softdepPre = List.copyOf(softdepPre);
        softdepPost = List.copyOf(softdepPost);
    }
}
