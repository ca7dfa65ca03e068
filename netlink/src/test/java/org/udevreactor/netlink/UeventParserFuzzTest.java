package org.udevreactor.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds arbitrary bytes to {@link UeventParser}, starting from the real captures in test-fixtures/uevents.
 *
 * <p>Without {@code JAZZER_FUZZ} (the default test run) the test runs once per seed: the empty input, the
 * captures, and any file under src/test/resources/org/udevreactor/netlink/UeventParserFuzzTestInputs/. With
 * it, Jazzer mutates them for {@code jazzer.max_duration}: every build does that briefly, and netlink/pom.xml
 * says how to fuzz longer.
 */
class UeventParserFuzzTest {

    static Stream<Arguments> captures() throws IOException {
        List<Path> binaries;
        try (Stream<Path> files = Files.list(Fixtures.uevents())) {
            binaries = files.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        return binaries.stream().map(p -> Arguments.of(Named.of(p.getFileName().toString(), read(p))));
    }

    @MethodSource("captures")
    @FuzzTest
    void parse_anyBytes_keepsInvariants(byte[] message) {
        ParseInvariants.parseAndCheck(message);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
