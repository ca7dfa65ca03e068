package org.udevreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.udevreactor.netlink.UeventAction;

/** Decisions of passthrough.toml (the README's example) and of small precedence fixtures for representative devices. */
class DecisionTest {
    private static final Policy PASSTHROUGH = Fixtures.policy("passthrough.toml");

    @Test
    void decide_bootVgaGpuWithoutForce_isRefusedByTheBootVgaGuard() {
        Decision d = PASSTHROUGH.decide(Devices.nvidiaGpu(true));

        assertThat(d).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) d).guard()).isEqualTo(Guard.BOOT_VGA);
        assertThat(d.rule().orElseThrow().name()).isEqualTo("nvidia-gpu");
        assertThat(d.reason()).contains("0000:01:00.0 is the boot VGA device").contains("force = true");
    }

    @Test
    void decide_secondaryGpu_bindsBestVfioWithWholeGroup() {
        Decision d = PASSTHROUGH.decide(Devices.nvidiaGpu(false));

        assertThat(d).isEqualTo(new Decision.Bind(d.rule().orElseThrow(), new DriverChoice.BestVfio(), GroupPolicy.WHOLE,
                false, OptionalInt.empty(), d.reason()));
        assertThat(d.rule().orElseThrow().line()).isEqualTo(5);
        assertThat(d.reason()).startsWith("rule \"nvidia-gpu\" (" + Fixtures.path("passthrough.toml") + ":5) matched ")
                .contains("vendor=10de", "class=0x030000");
    }

    @Test
    void decide_bootVgaGpuWithForce_binds() {
        Decision d = Fixtures.policy("force.toml").decide(Devices.nvidiaGpu(true));

        assertThat(d).isInstanceOf(Decision.Bind.class);
        assertThat(((Decision.Bind) d).force()).isTrue();
    }

    @Test
    void decide_bootVgaUnknown_bindsAndLeavesTheGuardToTheBinder() {
        DeviceSnapshot gpu = DeviceSnapshot.fromUevent(Devices.pciUevent("0000:01:00.0", 0x10de, 0x1b80, 0, 0, 0x030000));

        assertThat(PASSTHROUGH.decide(gpu)).isInstanceOf(Decision.Bind.class);
    }

    @Test
    void decide_gpuAudioFunction_bindsVfioWithDefaultViableGroup() {
        Decision d = PASSTHROUGH.decide(Devices.pci("0000:01:00.1", 0x10de, 0x10f0, 0x040300));

        assertThat(d).isInstanceOf(Decision.Bind.class);
        assertThat(((Decision.Bind) d).group()).isEqualTo(GroupPolicy.VIABLE);
        assertThat(d.rule().orElseThrow().name()).isEqualTo("nvidia-audio");
    }

    @Test
    void decide_reservedNicPort_bindsPciStubWithTheRulesReason() {
        Decision d = PASSTHROUGH.decide(Devices.pci("0000:03:00.1", 0x8086, 0x1572, 0x020000));

        assertThat(d).isInstanceOf(Decision.Bind.class);
        assertThat(((Decision.Bind) d).driver()).isEqualTo(new DriverChoice.Named("pci-stub"));
        assertThat(d.reason()).endsWith(": reserved for the router VM");
    }

    @Test
    void decide_sriovPhysicalFunction_releasesWithNumvfs() {
        Decision d = PASSTHROUGH.decide(Devices.pci("0000:03:00.0", 0x8086, 0x1572, 0x020000));

        assertThat(d).isInstanceOf(Decision.Release.class);
        assertThat(((Decision.Release) d).sriovNumvfs()).hasValue(4);
    }

    @Test
    void decide_virtualFunctions_bindVfioExceptTheExcludedOne() {
        assertThat(PASSTHROUGH.decide(Devices.pci("0000:03:02.1", 0x8086, 0x154c, 0x020000))).isInstanceOf(Decision.Bind.class);
        assertThat(PASSTHROUGH.decide(Devices.pci("0000:03:02.0", 0x8086, 0x154c, 0x020000))).isInstanceOf(Decision.NoMatch.class);
    }

    @Test
    void decide_usbTunerByProductProperty_isIgnored() {
        Decision d = PASSTHROUGH.decide(Devices.usb("2040/7200/1", "usb:v2040p7200d0001dc00dsc00dp00icFFiscFFipFFin00"));

        assertThat(d).isEqualTo(new Decision.Ignore(d.rule().orElseThrow(), d.reason()));
        assertThat(d.rule().orElseThrow().name()).isEqualTo("no-dvb");
    }

    @Test
    void decide_usbSerialByModalias_loadsTheNamedModules() {
        Decision d = PASSTHROUGH.decide(Devices.usb("403/6001/600", "usb:v0403p6001d0600dc00dsc00dp00icFFiscFFipFFin00"));

        assertThat(d).isInstanceOf(Decision.LoadModules.class);
        assertThat(((Decision.LoadModules) d).modules()).containsExactly("ftdi_sio");
    }

    @Test
    void decide_unmatchedDevice_isNoMatchWithoutRule() {
        Decision d = PASSTHROUGH.decide(Devices.block("loop0"));

        assertThat(d).isInstanceOf(Decision.NoMatch.class);
        assertThat(d.rule()).isEmpty();
        assertThat(d.reason()).isEqualTo("no rule matched /devices/virtual/block/loop0 (7 rules from 1 file)");
    }

    @Test
    void decide_removeEvent_isNoMatchBecauseRulesDefaultToAdd() {
        assertThat(PASSTHROUGH.decide(Devices.nvidiaGpu(false).withAction(UeventAction.REMOVE))).isInstanceOf(Decision.NoMatch.class);
    }

    @Test
    void decide_severalRulesMatch_firstInFileOrderWins() {
        Policy policy = Fixtures.policy("first-match.toml");

        Decision d = policy.decide(Devices.pci("0000:00:02.0", 0x8086, 0x10d3, 0x020000));

        assertThat(d.rule().orElseThrow().name()).isEqualTo("first");
    }

    @Test
    void decide_firstRuleExcludes_nextMatchingRuleDecides() {
        Policy policy = Fixtures.policy("first-match.toml");

        Decision d = policy.decide(Devices.pci("0000:00:02.0", 0x8086, 0x10d3, 0x020000).withDriver(Optional.of("e1000e")));

        assertThat(d.rule().orElseThrow().name()).isEqualTo("second");
        assertThat(d).isInstanceOf(Decision.Bind.class);
    }

    @Test
    void decide_rulesFromTwoFiles_earlierFileWins() {
        Policy policy = Fixtures.policy("first-match.toml", "passthrough.toml");

        assertThat(policy.decide(Devices.pci("0000:03:00.0", 0x8086, 0x1572, 0x020000)).rule().orElseThrow().name())
                .isEqualTo("first");
        assertThat(policy.files()).hasSize(2);
        assertThat(policy.rules()).extracting(r -> r.ref().name()).startsWith("first", "second", "third", "nvidia-gpu");
    }

    @Test
    void decide_sameInput_sameDecision() {
        DeviceSnapshot gpu = Devices.nvidiaGpu(false);

        assertThat(PASSTHROUGH.decide(gpu)).isEqualTo(PASSTHROUGH.decide(gpu));
        assertThat(List.of(PASSTHROUGH.decide(gpu))).hasSize(1);
    }
}
