package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.udevreactor.netlink.UeventAction;

/**
 * Feeds arbitrary bytes to {@link PolicyLoader} as the content of one policy file, starting from
 * every policy file in the test resources: the broken-file corpus, the README's GPU/NIC example
 * and the drop-in sets.
 *
 * <p>The property: loading returns (never throws, never hangs) either a policy or a non-empty
 * list of errors, each naming the file, a line inside it (the line is 0 only for a file that is
 * not UTF-8) and a message; a syntax error has no key, every other error has one. A policy that
 * loads places each rule on a line of the file and decides every sample device without throwing.
 * And the text's tree is TomlMapper's, or fails as TomlMapper fails ({@link TomlTreeTest}): the
 * loader reads TOML without an ObjectMapper.
 *
 * <p>Without {@code JAZZER_FUZZ} (the default test run) it runs once per seed and per saved input
 * under src/test/resources/org/udevreactor/rules/PolicyLoaderFuzzTestInputs/. With it, Jazzer
 * mutates them for {@code jazzer.max_duration}: every build does that briefly; rules/pom.xml
 * says how to fuzz longer.
 */
class PolicyLoaderFuzzTest {
    private static final Path FILE = Path.of("/etc/reactor/rules.d/50-fuzz.toml");
    private static final List<DeviceSnapshot> DEVICES = List.of(
            Devices.nvidiaGpu(true),
            Devices.nvidiaGpu(false),
            Devices.pci("0000:03:00.1", 0x8086, 0x1572, 0x020000).withAttributes(Map.of("sriov_totalvfs", "64")),
            Devices.pci("0000:03:02.0", 0x8086, 0x154c, 0x020000).withAction(UeventAction.CHANGE),
            Devices.usb("2040/7200/1", "usb:v2040p7200d0001dc00dsc00dp00ic10isc01ip00in00"),
            Devices.block("loop0"));

    static Stream<Arguments> policyFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Fixtures.path("."))) {
            return files.filter(p -> p.toString().endsWith(".toml")).sorted().toList().stream()
                    .map(p -> Arguments.of(Named.of(Fixtures.path(".").relativize(p).toString(), read(p))));
        }
    }

    @MethodSource("policyFiles")
    @DictionaryEntries({"[[rule]]", "[rule.match]", "[rule.exclude]", "name = ", "action = ", "\"vfio\"", "\"bind\"",
            "\"load\"", "\"ignore\"", "\"release\"", "driver", "modules", "iommu_group", "\"whole\"", "\"viable\"", "force",
            "sriov_numvfs", "reason", "match.", "exclude.", "subsystem", "vendor", "device", "subvendor", "subdevice",
            "class", "modalias", "address", "boot_vga", "properties", "attributes", "\"0x030000/0xff0000\"", "\"[!a-z]\"",
            "'''", "\"\"\"", "= {", "= [", "true", "0x10de", "1979-05-27T07:32:00Z", "\\u00e9"})
    @FuzzTest
    void load_anyBytes_returnsPolicyOrLocatedErrors(byte[] content) {
        LoadResult result = PolicyLoader.loadContent(FILE, content);

        String text = utf8(content);
        int lines = text == null ? 0 : text.split("\n", -1).length;
        assertThat(result).isNotNull();
        if (text != null) {
            TomlTreeTest.assertSameAsMapper(text);
        }
        if (result instanceof LoadResult.Failed failed) {
            for (PolicyError e : failed.errors()) {
                assertThat(e.file()).isEqualTo(FILE);
                assertThat(e.message()).as("message of %s", e).isNotBlank();
                if (text == null) {
                    assertThat(e.line()).as("line of %s", e).isZero();
                    continue;
                }
                assertThat(e.line()).as("line of %s in a file of %d lines", e, lines).isBetween(1, lines);
                assertThat(e.key().isEmpty()).as("key of %s", e).isEqualTo(e.message().startsWith("TOML syntax"));
            }
            return;
        }
        Policy policy = ((LoadResult.Loaded) result).policy();
        for (Rule rule : policy.rules()) {
            assertThat(rule.ref().line()).as("line of rule %s in a file of %d lines", rule.ref(), lines).isBetween(1, lines);
        }
        for (DeviceSnapshot device : DEVICES) {
            Decision decision = policy.decide(device);
            assertThat(decision.reason()).as("decision for %s", device.devpath()).isNotBlank();
        }
    }

    /** The content as text, or null when it is not UTF-8 (the loader refuses it as a whole). */
    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
