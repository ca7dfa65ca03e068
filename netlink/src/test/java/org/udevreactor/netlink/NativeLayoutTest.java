package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every size, offset and constant in {@link NativeLayout} equals what gcc says for this machine. */
class NativeLayoutTest {

    @Test
    void everyConstant_comparedWithCProbe_isEqual(@TempDir Path dir) throws Exception {
        RealKernel.require(RealKernel.commandExists("gcc"), "gcc is needed to compile the layout probe");
        Path source = dir.resolve("probe.c");
        try (InputStream in = NativeLayoutTest.class.getResourceAsStream("native-layout-probe.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("probe");
        RealKernel.run("gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString());
        Map<String, Long> fromC = new TreeMap<>();
        for (String line : RealKernel.run(binary.toString()).split("\n")) {
            String[] nameAndValue = line.trim().split(" ");
            fromC.put(nameAndValue[0], Long.parseLong(nameAndValue[1]));
        }

        assertThat(javaConstants()).isEqualTo(fromC);
    }

    private static Map<String, Long> javaConstants() throws IOException, IllegalAccessException {
        Map<String, Long> constants = new TreeMap<>();
        for (Field field : NativeLayout.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                field.setAccessible(true);
                constants.put(field.getName(), (long) field.getInt(null));
            }
        }
        return constants;
    }
}
