package org.udevreactor.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.meta.proto.ModuleIndexFile;

/**
 * Builds a {@link ModuleIndexFile} from a module directory's depmod output: modules.dep (required),
 * modules.alias (required), and when present modules.order, modules.softdep, modules.builtin and
 * modules.builtin.modinfo.
 *
 * <p>Modules are numbered the way depmod ranks them: loadable modules by their line in
 * modules.order (those it does not list come after, in modules.dep order; depmod's own order for
 * them depends on a hash table and cannot be reproduced), then built-in modules. The number is the
 * alias priority libkmod sorts matches by. An alias depmod would drop (an unmatched bracket) is
 * dropped here too, with a warning naming file and line.
 */
public final class ModuleIndexBuilder {
    /** 2: the columnar module table (1 had one message per module). */
    static final int FORMAT_VERSION = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ModuleIndexBuilder.class);

    private ModuleIndexBuilder() {
    }

    public static ModuleIndexFile build(Path moduleDir) throws IOException {
        if (!Files.isDirectory(moduleDir)) {
            throw new IOException(moduleDir + ": not a directory");
        }
        Path depFile = moduleDir.resolve("modules.dep");
        Path aliasFile = moduleDir.resolve("modules.alias");
        for (Path required : List.of(depFile, aliasFile)) {
            if (!Files.isRegularFile(required)) {
                throw new IOException(required + ": missing (run depmod for this kernel first)");
            }
        }
        List<ModulesDep.Entry> deps = ModulesDep.read(depFile);
        Map<String, Integer> orderLine = ModulesOrder.read(moduleDir.resolve("modules.order"));
        List<ModulesDep.Entry> ranked = new ArrayList<>(deps);
        ranked.sort(Comparator.comparingInt(e -> orderLine.getOrDefault(ModuleNames.uncompressedPath(e.path()), Integer.MAX_VALUE)));

        Map<String, Integer> indexByName = new HashMap<>();
        Map<String, Integer> indexByPath = new HashMap<>();
        ModuleTableBuilder modules = new ModuleTableBuilder();
        for (ModulesDep.Entry e : ranked) {
            String name = ModuleNames.fromPath(e.path());
            if (name.isEmpty() || indexByName.containsKey(name)) {
                throw new MalformedInputException(depFile, e.line(), name.isEmpty() ? "no module name in " + e.path() : "a second module named " + name);
            }
            int m = modules.addLoadable(name, e.path());
            indexByName.put(name, m);
            indexByPath.put(e.path(), m);
        }
        for (ModulesDep.Entry e : deps) {
            int m = indexByPath.get(e.path());
            e.dependencies().forEach(d -> modules.addDependency(m, indexByPath.get(d)));
        }

        // Named in modules.builtin first, then known only from modules.builtin.modinfo: the order
        // the module table expects.
        Map<String, Boolean> builtinNames = new LinkedHashMap<>();
        ModulesBuiltin.read(moduleDir.resolve("modules.builtin")).forEach(n -> builtinNames.put(n, true));
        List<BuiltinModinfo.Alias> builtinAliases = BuiltinModinfo.readAliases(moduleDir.resolve("modules.builtin.modinfo"));
        builtinAliases.forEach(a -> builtinNames.putIfAbsent(a.module(), false));
        for (Map.Entry<String, Boolean> b : builtinNames.entrySet()) {
            if (indexByName.containsKey(b.getKey())) {
                LOG.warn("{}: {} is both built in and loadable; keeping the loadable module", moduleDir, b.getKey());
                continue;
            }
            indexByName.put(b.getKey(), modules.addBuiltin(b.getKey(), b.getValue()));
        }

        ModulesSoftdep.read(moduleDir.resolve("modules.softdep")).forEach((name, soft) -> {
            Integer m = indexByName.get(name);
            if (m == null) {
                LOG.warn("{}: softdep for {}, which is no module of this kernel; ignored", moduleDir.resolve("modules.softdep"), name);
                return;
            }
            modules.addSoftdeps(m, soft.pre(), soft.post());
        });

        AliasTableBuilder aliases = new AliasTableBuilder();
        for (ModulesAlias.Line a : ModulesAlias.read(aliasFile)) {
            Integer m = indexByName.get(ModuleNames.normalize(a.module()));
            if (m == null) {
                throw new MalformedInputException(aliasFile, a.line(), "alias for " + a.module() + ", which modules.dep does not list");
            }
            byte[] pattern = normalizedPattern(a.pattern(), aliasFile, "line " + a.line());
            if (pattern != null) {
                aliases.add(pattern, m, m);
            }
        }
        AliasTableBuilder builtin = new AliasTableBuilder();
        Path modinfoFile = moduleDir.resolve("modules.builtin.modinfo");
        for (BuiltinModinfo.Alias a : builtinAliases) {
            byte[] pattern = normalizedPattern(a.pattern(), modinfoFile, "record " + a.record());
            Integer m = indexByName.get(a.module());
            if (pattern != null && m != null) {
                builtin.add(pattern, m, 0);
            }
        }

        return ModuleIndexFile.newBuilder().setFormatVersion(FORMAT_VERSION)
                .setKernelRelease(moduleDir.toAbsolutePath().normalize().getFileName().toString())
                .addAllInputs(InputFiles.identify(moduleDir))
                .setModules(modules.build())
                .setAliases(aliases.build())
                .setBuiltinAliases(builtin.build())
                .build();
    }

    /**
     * The index of a kernel without loadable modules (no module directory to read): no modules,
     * no aliases, so every lookup finds nothing.
     */
    public static ModuleIndexFile empty(String kernelRelease) {
        return ModuleIndexFile.newBuilder().setFormatVersion(FORMAT_VERSION).setKernelRelease(kernelRelease)
                .setAliases(new AliasTableBuilder().build())
                .setBuiltinAliases(new AliasTableBuilder().build())
                .build();
    }

    /** The pattern as depmod indexes it, or null (with a warning) when depmod would drop it. */
    private static byte[] normalizedPattern(String pattern, Path file, String where) {
        byte[] raw = pattern.getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : raw) {
            if (b < 0x20) {
                throw new MalformedInputException(file, where + ": alias " + pattern + " has a control or non-ASCII byte (depmod accepts 7-bit ASCII only)");
            }
        }
        byte[] normalized = AliasNormalization.normalize(raw);
        if (normalized == null) {
            LOG.warn("{}: {}: unmatched bracket in alias {}; depmod drops it, and so does this index", file, where, pattern);
        }
        return normalized;
    }
}
