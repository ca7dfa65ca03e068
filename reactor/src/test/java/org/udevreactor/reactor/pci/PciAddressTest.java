package org.udevreactor.reactor.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PciAddressTest {

    @Test
    void parse_kernelForm_roundTrips() {
        PciAddress address = PciAddress.parse("0000:00:1f.3");
        assertThat(address).isEqualTo(new PciAddress(0, 0, 0x1f, 3));
        assertThat(address.toString()).isEqualTo("0000:00:1f.3");
    }

    @Test
    void parse_shortFormAndUpperCase_areDomainZeroInLowerCase() {
        assertThat(PciAddress.parse("0A:1F.7").toString()).isEqualTo("0000:0a:1f.7");
    }

    @Test
    void parse_vmdDomainOfFiveDigits_isKept() {
        assertThat(PciAddress.parse("10000:e0:1d.0").toString()).isEqualTo("10000:e0:1d.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty PCI address",
            "0000:00:02|no '.' before the function number",
            "0000:00:02.8|function must be one digit 0-7",
            "0000:00:20.0|device must be 00-1f",
            "0000:0g:02.0|bus \"0g\" is not hexadecimal",
            "000:00:02.0|domain must be 4-8 hex digits",
            "0000:000:02.0|bus must be 2 hex digits",
            "0000:00:02.0:1|expected DDDD:BB:DD.F or BB:DD.F",
            "e1000e|expected DDDD:BB:DD.F or BB:DD.F",
    })
    void parse_badInput_namesInputAndPart(String input, String expected) {
        assertThatThrownBy(() -> PciAddress.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> {
                    if (!input.isEmpty()) {
                        assertThat(e.getMessage()).contains("\"" + input + "\"");
                    }
                });
    }

    @Test
    void compareTo_ordersLikeTheKernelsListing() {
        assertThat(PciAddress.parse("0000:00:1f.0")).isLessThan(PciAddress.parse("0000:01:00.0"));
        assertThat(PciAddress.parse("0000:00:02.1")).isGreaterThan(PciAddress.parse("0000:00:02.0"));
    }
}
