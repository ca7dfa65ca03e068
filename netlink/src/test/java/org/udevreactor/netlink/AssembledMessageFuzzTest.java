package org.udevreactor.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds {@link UeventParser} kernel and libudev messages assembled from fuzzer-chosen fields, then perhaps
 * mutated, so that most inputs get past the header checks; runs like {@link UeventParserFuzzTest}. Where the
 * fields are well-formed and nothing was mutated, the outcome must be exactly the event they spell.
 */
class AssembledMessageFuzzTest {

    @FuzzTest
    void parse_assembledMessage_givesTheEventItSpells(FuzzedDataProvider data) {
        AssembledMessage message = AssembledMessage.draw(data);

        ParseOutcome outcome = ParseInvariants.parseAndCheck(message.bytes);

        if (message.expected != null) {
            assertThat(outcome).isEqualTo(new ParseOutcome.Parsed(message.expected));
            assertThat(((ParseOutcome.Parsed) outcome).event().properties().keySet())
                    .containsExactlyElementsOf(message.expected.properties().keySet());
        }
    }
}
