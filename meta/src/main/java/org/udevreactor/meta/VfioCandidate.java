package org.udevreactor.meta;

/**
 * One module whose vfio alias matches a device.
 *
 * @param pattern the alias that matched (the most specific one, when the module has several)
 * @param literalBytes bytes the pattern spells out exactly: the specificity it is ranked by
 * @param rank the module's modules.order rank (built-in modules after all loadable ones)
 */
public record VfioCandidate(String module, String pattern, int literalBytes, int rank, boolean builtin) {
}
