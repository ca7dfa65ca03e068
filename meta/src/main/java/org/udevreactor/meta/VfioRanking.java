package org.udevreactor.meta;

import java.util.List;
import java.util.Optional;

/**
 * The VFIO drivers for one device, best first: most literal bytes in the matching alias, then
 * modules.order rank, then name. The generic vfio_pci alias spells out the fewest bytes, so it
 * is last whenever a variant driver matches, and alone when none does.
 */
public record VfioRanking(String deviceModalias, List<VfioCandidate> ranked) {
    public VfioRanking {
        ranked = List.copyOf(ranked);
    }

    public Optional<VfioCandidate> best() {
        return ranked.stream().findFirst();
    }
}
