package org.udevreactor.meta;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.udevreactor.meta.proto.InputFile;

/**
 * The depmod files an index is built from, and their identity (presence, size, SHA-256), so that
 * an index whose module directory has been re-run through depmod is recognised as stale. Content
 * is compared, not mtimes: a package reinstall that rewrites identical files is not a change.
 * A file whose stat (size, mtime, ctime, inode, device) is the one recorded with its hash is not
 * read again: hashing the 2 MiB of a distribution kernel's files at every daemon start is most of
 * the staleness check's time (0.6 s of an emulated guest's start).
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
            out.add(identify(moduleDir, name));
        }
        return out;
    }

    /** The file's content identity, with its stat taken before reading it (a write meanwhile shows next time). */
    static InputFile identify(Path moduleDir, String name) throws IOException {
        Path file = moduleDir.resolve(name);
        InputFile.Builder b = InputFile.newBuilder().setName(name);
        Optional<Stat> stat = Stat.of(file);
        if (stat.isPresent() && stat.get().regular()) {
            byte[] content = Files.readAllBytes(file);
            b.setPresent(true).setSize(content.length).setSha256(ByteString.copyFrom(sha256(content)));
            Stat s = stat.get();
            b.setMtimeNs(s.mtimeNs()).setCtimeNs(s.ctimeNs()).setInode(s.inode()).setDevice(s.device());
        }
        return b.build();
    }

    /** Names of the files that differ between {@code recorded} and the directory now. */
    static List<String> changed(List<InputFile> recorded, Path moduleDir) throws IOException {
        return changed(recorded, moduleDir, InputFiles::identify);
    }

    /** How a file's identity is had when its stat does not settle it; a seam for tests. */
    interface Identifier {
        InputFile identify(Path moduleDir, String name) throws IOException;
    }

    static List<String> changed(List<InputFile> recorded, Path moduleDir, Identifier identifier) throws IOException {
        List<String> changed = new ArrayList<>();
        for (String name : NAMES) {
            InputFile before = recorded.stream().filter(r -> r.getName().equals(name)).findFirst().orElse(null);
            if (before != null && statUnchanged(before, Stat.of(moduleDir.resolve(name)))) {
                continue;
            }
            InputFile now = identifier.identify(moduleDir, name);
            if (before == null || before.getPresent() != now.getPresent() || before.getSize() != now.getSize()
                    || !before.getSha256().equals(now.getSha256())) {
                changed.add(name);
            }
        }
        return changed;
    }

    /** Whether the file is the very one recorded: present with the recorded stat, or absent both times. */
    private static boolean statUnchanged(InputFile before, Optional<Stat> now) {
        if (now.isEmpty()) {
            return !before.getPresent();
        }
        Stat s = now.get();
        return before.getPresent() && before.getCtimeNs() != 0
                && before.getSize() == s.size()
                && before.getMtimeNs() == s.mtimeNs()
                && before.getCtimeNs() == s.ctimeNs()
                && before.getInode() == s.inode()
                && before.getDevice() == s.device();
    }

    /**
     * What one stat says of a file (following links, as reading it does): whether it is a regular
     * file, its size, mtime and ctime in ns, inode and device. Without the platform's unix view the
     * times, inode and device are 0, which {@link #statUnchanged} never takes as unchanged.
     */
    private record Stat(boolean regular, long size, long mtimeNs, long ctimeNs, long inode, long device) {
        /** Empty when the file does not exist. */
        static Optional<Stat> of(Path file) throws IOException {
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:isRegularFile,size,lastModifiedTime,ctime,ino,dev");
                return Optional.of(new Stat((Boolean) a.get("isRegularFile"), ((Number) a.get("size")).longValue(),
                        nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
                        ((Number) a.get("ino")).longValue(), ((Number) a.get("dev")).longValue()));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                return Files.exists(file) ? Optional.of(new Stat(Files.isRegularFile(file), Files.size(file), 0, 0, 0, 0)) : Optional.empty();
            }
        }

        private static long nanos(Object time) {
            return ((FileTime) time).to(TimeUnit.NANOSECONDS);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
