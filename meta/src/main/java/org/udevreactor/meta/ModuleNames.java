package org.udevreactor.meta;

/**
 * Module names as libkmod spells them: '-' becomes '_', and a name ends at the first '.', so
 * {@code kernel/drivers/net/e1000e/e1000e.ko.xz} and {@code snd-hda-intel} name the modules
 * {@code e1000e} and {@code snd_hda_intel}.
 */
final class ModuleNames {
    private ModuleNames() {
    }

    /** The module name of a path from modules.dep, modules.order or modules.builtin. */
    static String fromPath(String path) {
        int slash = path.lastIndexOf('/');
        return normalize(path.substring(slash + 1));
    }

    /** Replaces '-' by '_' and cuts at the first '.'; an empty result means no name. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                break;
            }
            out.append(c == '-' ? '_' : c);
        }
        return out.toString();
    }

    /** Strips a compression suffix, as depmod does when it matches modules.order lines. */
    static String uncompressedPath(String path) {
        for (String suffix : new String[] {".xz", ".zst", ".gz"}) {
            if (path.endsWith(suffix)) {
                return path.substring(0, path.length() - suffix.length());
            }
        }
        return path;
    }
}
