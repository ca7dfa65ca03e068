package org.udevreactor.reactor.overrides;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.udevreactor.reactor.pci.PciAddress;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.PolicyDirectories;
import org.udevreactor.rules.PolicyError;
import org.udevreactor.rules.PolicyLoader;
import org.udevreactor.rules.Rule;
import org.udevreactor.rules.RuleAction;

/**
 * Persistent overrides, like driverctl's, kept as ordinary policy drop-ins: one file per PCI
 * function, {@code 00-override-DDDD:BB:DD.F.toml}, in the last (most important) policy directory,
 * {@code /etc/reactor/rules.d} by default. The name sorts before the usual {@code NN-name.toml}
 * files, and the policy's first matching rule decides, so the override wins over every rule of a
 * file that sorts after it, whatever directory that file is in.
 *
 * <p>Writing is all or nothing: the new file is written into a staging directory beside the
 * target, the whole policy set is loaded with it (the staging directory as one more, last,
 * drop-in directory gives exactly the set the rename will make), and only a valid set is
 * renamed into place, atomically. The staging directory's name starts with '.', so the loader
 * never reads it, even if a crash leaves it behind.
 */
public final class OverrideStore {
    public static final String PREFIX = "00-override-";
    private static final String SUFFIX = ".toml";

    private final PolicyDirectories policy;
    private final Path directory;

    /** @param policy the drop-in directories; overrides go into the last one */
    public OverrideStore(PolicyDirectories policy) {
        if (policy.directories().isEmpty()) {
            throw new IllegalArgumentException("no policy directory to keep overrides in");
        }
        this.policy = policy;
        this.directory = policy.directories().get(policy.directories().size() - 1);
    }

    public Path directory() {
        return directory;
    }

    public PolicyDirectories policy() {
        return policy;
    }

    public Path fileFor(PciAddress address) {
        return directory.resolve(PREFIX + address + SUFFIX);
    }

    /** The name of the rule the override file holds. */
    public static String ruleName(PciAddress address) {
        return "override-" + address;
    }

    /** The file's text: one rule matching exactly this address. */
    static String content(PciAddress address, OverrideTarget target, boolean force) {
        // The target is quoted in the comment too: a newline in it must not end the comment.
        return "# Written by `reactor set-override " + address + " " + TomlStrings.quote(target.driver()) + "`; `reactor unset-override "
                + address + "` removes it.\n"
                + "# Its name sorts first, so this rule decides before any rule of a file named after it.\n"
                + "[[rule]]\n"
                + "name = " + TomlStrings.quote(ruleName(address)) + "\n"
                + target.tomlAction()
                + (force ? "force = true\n" : "")
                + "reason = \"persistent override (reactor set-override)\"\n"
                + "[rule.match]\n"
                + "address = " + TomlStrings.quote(address.toString()) + "\n";
    }

    /**
     * Writes the override into a staging directory and loads the policy set as it will be with it.
     * Nothing the policy loader reads has changed yet: {@link Staged#commit()} does that.
     */
    public Staged stage(PciAddress address, OverrideTarget target, boolean force) throws IOException {
        Files.createDirectories(directory);
        Path staging = Files.createTempDirectory(directory, ".set-override-");
        Path staged = staging.resolve(fileFor(address).getFileName());
        try (FileChannel out = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(content(address, target, force).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        } catch (IOException e) {
            deleteStaging(staging, staged);
            throw e;
        }
        List<Path> withStaging = new ArrayList<>(policy.directories());
        withStaging.add(staging);
        LoadResult result = PolicyLoader.load(new PolicyDirectories(withStaging));
        if (result instanceof LoadResult.Failed failed) {
            // Errors in the new file name the place it is going to.
            result = new LoadResult.Failed(failed.errors().stream()
                    .map(e -> e.file().equals(staged) ? new PolicyError(fileFor(address), e.line(), e.key(), e.message()) : e)
                    .toList());
        }
        return new Staged(address, staging, staged, fileFor(address), result);
    }

    /** The current content of the address's override file, for putting it back; empty when there is none. */
    public Optional<byte[]> read(PciAddress address) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(fileFor(address)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Puts back what {@link #read} returned: that content (written atomically), or no file. */
    public void restore(PciAddress address, Optional<byte[]> previous) throws IOException {
        if (previous.isEmpty()) {
            Files.deleteIfExists(fileFor(address));
            syncDirectory();
            return;
        }
        Path temp = Files.createTempFile(directory, ".restore-", ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(previous.get()));
            out.force(true);
        }
        Files.move(temp, fileFor(address), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
    }

    /** Removes the address's override file; false when there was none. */
    public boolean remove(PciAddress address) throws IOException {
        boolean removed = Files.deleteIfExists(fileFor(address));
        if (removed) {
            syncDirectory();
        }
        return removed;
    }

    /** Every override file in the directory, by address. */
    public List<OverrideFile> list() throws IOException {
        List<OverrideFile> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                PciAddress address;
                try {
                    address = PciAddress.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                } catch (IllegalArgumentException notOurs) {
                    continue;
                }
                found.add(new OverrideFile(address, file, target(file, address)));
            }
        }
        found.sort((a, b) -> a.address().compareTo(b.address()));
        return found;
    }

    /** What the file binds to, when it still holds the one rule set-override wrote (name and action). */
    private static Optional<OverrideTarget> target(Path file, PciAddress address) {
        if (!(PolicyLoader.loadFiles(List.of(file)) instanceof LoadResult.Loaded loaded) || loaded.policy().rules().size() != 1) {
            return Optional.empty();
        }
        Rule rule = loaded.policy().rules().get(0);
        if (!rule.ref().name().equals(ruleName(address))) {
            return Optional.empty();
        }
        if (rule.action() instanceof RuleAction.Vfio) {
            return Optional.of(new OverrideTarget(OverrideTarget.VFIO));
        }
        return rule.action() instanceof RuleAction.Bind b ? Optional.of(new OverrideTarget(b.driver())) : Optional.empty();
    }

    private void syncDirectory() throws IOException {
        // The rename or unlink is durable once the directory itself is flushed.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void deleteStaging(Path staging, Path staged) throws IOException {
        Files.deleteIfExists(staged);
        Files.deleteIfExists(staging);
    }

    /** A staged override: the policy as it would be, and the rename that makes it so. */
    public final class Staged implements AutoCloseable {
        private final PciAddress address;
        private final Path staging;
        private final Path staged;
        private final Path target;
        private final LoadResult result;

        private Staged(PciAddress address, Path staging, Path staged, Path target, LoadResult result) {
            this.address = address;
            this.staging = staging;
            this.staged = staged;
            this.target = target;
            this.result = result;
        }

        /** The whole policy set with the new file (its rules still name the staged copy's path). */
        public LoadResult result() {
            return result;
        }

        public PciAddress address() {
            return address;
        }

        /** Where the file goes. */
        public Path target() {
            return target;
        }

        /** Renames the staged file over the target: readers see the old file or the new, never a part. */
        public void commit() throws IOException {
            if (!(result instanceof LoadResult.Loaded)) {
                throw new IllegalStateException("the policy with this override does not load; it must not be committed");
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        }

        @Override
        public void close() throws IOException {
            deleteStaging(staging, staged);
        }
    }
}
