package org.udevreactor.reactor.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udevreactor.meta.ModuleDirFixture;
import org.udevreactor.meta.ModuleIndex;
import org.udevreactor.meta.SharedTestData;

/** Plans: order, each module once, cycles, built-ins, softdeps, blacklist, options, install lines. */
class LoadPlannerTest {
    @TempDir
    Path temp;

    private ModuleDirFixture tree;

    @BeforeEach
    void writeTree() {
        tree = new ModuleDirFixture(temp, "6.1.0-test")
                .file("modules.dep",
                        "kernel/a.ko: kernel/b.ko kernel/c.ko",
                        "kernel/b.ko: kernel/c.ko",
                        "kernel/c.ko:",
                        "kernel/nic.ko: kernel/ptp.ko",
                        "kernel/ptp.ko:",
                        "kernel/extra.ko:",
                        "kernel/x.ko: kernel/y.ko",
                        "kernel/y.ko: kernel/x.ko")
                .file("modules.alias",
                        "alias pci:v00008086d000010D3sv*sd*bc*sc*i* nic",
                        "alias pci:v00008086d*sv*sd*bc*sc*i* extra",
                        "alias crypto-crc extra")
                .file("modules.softdep", "softdep nic pre: crypto-crc post: c missing_one")
                .file("modules.builtin", "kernel/crypto/crc32c_generic.ko");
    }

    private static List<String> modules(LoadPlan plan) {
        return plan.steps().stream().map(PlanStep::module).toList();
    }

    private static PlanStep step(LoadPlan plan, String module) {
        return plan.steps().stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow();
    }

    @Test
    void plan_moduleWithSharedDependency_dependenciesFirstEachOnce() throws Exception {
        LoadPlan plan = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY).plan("a");

        assertThat(modules(plan)).containsExactly("c", "b", "a");
        assertThat(plan.steps()).allMatch(s -> s.action() == PlanStep.Action.LOAD && s.essential());
        assertThat(step(plan, "a").requires()).containsExactly("b", "c");
        assertThat(step(plan, "b").role()).isEqualTo("dependency of a");
    }

    @Test
    void plan_dependencyCycle_eachModuleOnceAndTerminates() throws Exception {
        LoadPlan plan = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY).plan("x");

        assertThat(modules(plan)).containsExactly("y", "x");
    }

    @Test
    void plan_softdeps_preAfterDependenciesPostAfterModuleMissingOneNotEssential() throws Exception {
        LoadPlan plan = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY).plan("nic");

        assertThat(modules(plan)).containsExactly("ptp", "extra", "nic", "c", "missing_one");
        assertThat(step(plan, "extra").role()).isEqualTo("softdep pre of nic");
        assertThat(step(plan, "extra").essential()).isFalse();
        assertThat(step(plan, "c").requires()).containsExactly("nic");
        assertThat(step(plan, "missing_one").action()).isEqualTo(PlanStep.Action.NOT_FOUND);
        assertThat(step(plan, "ptp").essential()).isTrue();
    }

    @Test
    void plan_modprobeDSoftdep_replacesModulesSoftdep() throws Exception {
        ModprobeConfig config = new ModprobeConfig.Builder().softdep("nic", List.of(), List.of("b")).build();

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("nic");

        assertThat(modules(plan)).containsExactly("ptp", "nic", "c", "b");
    }

    @Test
    void plan_builtinModule_isBuiltinStep() throws Exception {
        LoadPlan plan = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY).plan("crc32c-generic");

        assertThat(plan.steps()).singleElement().extracting(PlanStep::action).isEqualTo(PlanStep.Action.BUILTIN);
    }

    @Test
    void planForAlias_blacklistedMatch_isReportedNotLoaded() throws Exception {
        ModprobeConfig config = new ModprobeConfig.Builder().blacklist("nic").build();

        LoadPlan plan = new LoadPlanner(tree.index(), config).planForAlias("pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00");

        assertThat(modules(plan)).containsExactly("extra", "nic");
        assertThat(step(plan, "extra").action()).isEqualTo(PlanStep.Action.LOAD);
        assertThat(step(plan, "nic").action()).isEqualTo(PlanStep.Action.BLACKLISTED);
        assertThat(step(plan, "nic").note()).startsWith("pci:v00008086");
        assertThat(step(plan, "nic").essential()).as("asked for, so reported as the request's outcome").isTrue();
    }

    @Test
    void planForAlias_blacklistedMatchThatIsSoftdepOfAnother_isLoadedAsTheSoftdep() throws Exception {
        ModprobeConfig config = new ModprobeConfig.Builder().blacklist("extra").build();

        LoadPlan plan = new LoadPlanner(tree.index(), config).planForAlias("pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00");

        assertThat(modules(plan)).containsExactly("ptp", "extra", "nic", "c", "missing_one");
        assertThat(step(plan, "extra").role()).isEqualTo("softdep pre of nic");
    }

    @Test
    void plan_blacklistedModuleByName_isLoadedAsModprobeDoes() throws Exception {
        ModprobeConfig config = new ModprobeConfig.Builder().blacklist("extra").build();

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("extra");

        assertThat(plan.steps()).singleElement().extracting(PlanStep::action).isEqualTo(PlanStep.Action.LOAD);
    }

    @Test
    void plan_unknownName_isOneEssentialNotFoundStep() throws Exception {
        LoadPlan plan = new LoadPlanner(tree.index(), ModprobeConfig.EMPTY).plan("no_such_module");

        assertThat(plan.steps()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(PlanStep.Action.NOT_FOUND);
            assertThat(s.essential()).isTrue();
        });
    }

    private static ModprobeConfig aliases(String... lines) {
        ModprobeConfig.Builder config = new ModprobeConfig.Builder();
        ModprobeFileParser.parse(Path.of("test.conf"), List.of(lines), config);
        assertThat(config.build().problems()).isEmpty();
        return config.build();
    }

    @Test
    void plan_modprobeDAliasNamedLikeAModule_winsOverTheModuleItself() throws Exception {
        LoadPlanner planner = new LoadPlanner(tree.index(), aliases("alias a extra"));

        LoadPlan plan = planner.plan("a");

        assertThat(modules(plan)).containsExactly("extra");
        assertThat(step(plan, "extra").note()).isEqualTo("a");
    }

    @Test
    void plan_modprobeDAliasesMatchingByWildcard_allTargetsInLineOrderBeforeModulesAlias() throws Exception {
        LoadPlanner planner = new LoadPlanner(tree.index(), aliases("alias pci:v00008086d000010D3* c", "alias my-net* b",
                "alias pci:v00008086* ptp"));

        assertThat(planner.lookup("pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00")).containsExactly("c", "ptp");
        assertThat(planner.lookup("my_net-x")).containsExactly("b");
        assertThat(modules(planner.plan("my-net-x"))).containsExactly("c", "b");
        assertThat(planner.lookup("pci:v00001234d00001111sv00001234sd00000000bc02sc00i00")).isEmpty();
    }

    @Test
    void plan_modprobeDAliasToBlacklistedModule_isAliasDrivenSoSkipped() throws Exception {
        ModprobeConfig config = aliases("alias mydev c", "alias mydev extra", "blacklist c");

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("mydev");

        assertThat(modules(plan)).containsExactly("extra", "c");
        assertThat(step(plan, "c").action()).isEqualTo(PlanStep.Action.BLACKLISTED);
        assertThat(step(plan, "extra").action()).isEqualTo(PlanStep.Action.LOAD);
    }

    @Test
    void plan_modprobeDAliasToModuleNotInIndex_isEssentialNotFoundTargetNotLookedUpAgain() throws Exception {
        ModprobeConfig config = aliases("alias mydev other", "alias other c");

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("mydev");

        assertThat(plan.steps()).containsExactly(
                new PlanStep("other", PlanStep.Action.NOT_FOUND, "", "", List.of(), "requested", true, "mydev"));
    }

    @Test
    void plan_softdepThroughModprobeDAlias_resolvedByTheAlias() throws Exception {
        ModprobeConfig config = aliases("alias crypto-crc c");

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("nic");

        assertThat(modules(plan)).containsExactly("ptp", "c", "nic", "missing_one");
        assertThat(step(plan, "c").role()).isEqualTo("softdep pre of nic");
    }

    @Test
    void plan_optionsAndInstallCommand_carriedIntoSteps() throws Exception {
        ModprobeConfig config = new ModprobeConfig.Builder().option("nic", "debug=1").option("nic", "mtu=9000")
                .install("ptp", "/bin/true").build();

        LoadPlan plan = new LoadPlanner(tree.index(), config).plan("nic");

        assertThat(step(plan, "nic").options()).isEqualTo("debug=1 mtu=9000");
        assertThat(step(plan, "ptp").action()).isEqualTo(PlanStep.Action.INSTALL_COMMAND);
        assertThat(step(plan, "ptp").note()).isEqualTo("install /bin/true");
    }

    @Test
    void plan_vfioPciOfDebian_loadsChainInModprobeOrder() throws Exception {
        ModuleIndex debian = ModuleIndex.build(SharedTestData.debianModuleDir());

        LoadPlan plan = new LoadPlanner(debian, ModprobeConfig.EMPTY).plan("vfio-pci");

        // As `modprobe --show-depends vfio-pci` lists them; vfio_iommu_type1 is vfio's softdep post.
        assertThat(modules(plan)).containsExactly("irqbypass", "vfio", "vfio_iommu_type1", "vfio_iommu_spapr_tce",
                "vfio_virqfd", "vfio_pci_core", "vfio_pci");
        assertThat(step(plan, "vfio_iommu_spapr_tce").action()).isEqualTo(PlanStep.Action.NOT_FOUND);
        assertThat(step(plan, "vfio_pci").path()).isEqualTo("kernel/drivers/vfio/pci/vfio-pci.ko");
    }
}
