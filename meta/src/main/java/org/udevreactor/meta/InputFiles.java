package org.udevreactor.meta;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.udevreactor.meta.proto.InputFile;

/**
 * The depmod files an index is built from, and their identity (presence, size, SHA-256), so that
 * an index whose module directory has been re-run through depmod is recognised as stale. Content
 * is compared, not mtimes: a package reinstall that rewrites identical files is not a change.
 */
final class InputFiles {
    static final List<String> NAMES = List.of(
            "modules.dep", "modules.alias", "modules.softdep", "modules.order", "modules.builtin",
            "modules.builtin.modinfo");

    private InputFiles() {
    }

    static List<InputFile> identify(Path moduleDir) throws IOException {
        List<InputFile> out = new ArrayList<>();
        for (String name : NAMES) {
            Path file = moduleDir.resolve(name);
            InputFile.Builder b = InputFile.newBuilder().setName(name);
            if (Files.isRegularFile(file)) {
                byte[] content = Files.readAllBytes(file);
                b.setPresent(true).setSize(content.length).setSha256(ByteString.copyFrom(sha256(content)));
            }
            out.add(b.build());
        }
        return out;
    }

    /** Names of the files that differ between {@code recorded} and the directory now. */
    static List<String> changed(List<InputFile> recorded, Path moduleDir) throws IOException {
        List<InputFile> now = identify(moduleDir);
        List<String> changed = new ArrayList<>();
        for (InputFile current : now) {
            InputFile before = recorded.stream().filter(r -> r.getName().equals(current.getName())).findFirst().orElse(null);
            if (before == null || !before.equals(current)) {
                changed.add(current.getName());
            }
        }
        return changed;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
