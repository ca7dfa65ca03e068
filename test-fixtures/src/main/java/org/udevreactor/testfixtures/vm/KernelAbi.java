package org.udevreactor.testfixtures.vm;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ABI name of a Debian kernel, e.g. "6.1.0-56-amd64": the part of its package names
 * and of /lib/modules/ABI. Debian's archive replaces old ABIs, so the current one is always
 * read from what the metapackage linux-image-amd64 depends on, never written down.
 */
public record KernelAbi(String value) {
    static final String METAPACKAGE = "linux-image-amd64";
    private static final Pattern IMAGE_PACKAGE = Pattern.compile("linux-image-(\\d[^\\s]*?)(-unsigned)?");

    public KernelAbi {
        Objects.requireNonNull(value, "value");
        if (!value.matches("\\d[\\w.+-]*")) {
            throw new IllegalArgumentException("not a kernel ABI: '" + value + "'");
        }
    }

    /** Picks the ABI from the dependencies of {@link #METAPACKAGE}, as {@link AptDepends} lists them. */
    static KernelAbi fromMetapackageDepends(List<String> depends) {
        for (String pkg : depends) {
            Matcher m = IMAGE_PACKAGE.matcher(pkg);
            if (m.matches()) {
                return new KernelAbi(m.group(1));
            }
        }
        throw new IllegalStateException(METAPACKAGE + " depends on no linux-image-<abi> package; its depends are "
                + depends);
    }

    String imagePackage() {
        return "linux-image-" + value;
    }

    String headersPackage() {
        return "linux-headers-" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
