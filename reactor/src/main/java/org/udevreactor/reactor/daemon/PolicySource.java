package org.udevreactor.reactor.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.udevreactor.rules.LoadResult;
import org.udevreactor.rules.Policy;
import org.udevreactor.rules.PolicyDirectories;
import org.udevreactor.rules.PolicyError;

/**
 * The policy at start. A broken set does not stop the daemon: every error is logged as
 * FILE:LINE: KEY: message and no rule applies (all or nothing), so devices get the default,
 * module autoload, and nothing is bound until the files are fixed.
 */
final class PolicySource {
    private static final Logger log = LoggerFactory.getLogger("reactor.policy");

    private PolicySource() {
    }

    /**
     * The policy read again (SIGHUP, the control socket's reload): the new one when it loads,
     * otherwise its errors, each logged as FILE:LINE: KEY: message, and the policy in force stays.
     */
    static LoadResult reload(PolicyDirectories dirs) {
        LoadResult result = org.udevreactor.rules.PolicyLoader.load(dirs);
        if (result instanceof LoadResult.Loaded loaded) {
            log.info("policy reloaded: {} rules from {} files in {}", loaded.policy().rules().size(),
                    loaded.policy().files().size(), dirs.directories());
            return result;
        }
        for (PolicyError error : ((LoadResult.Failed) result).errors()) {
            log.error("{}", error);
        }
        log.error("policy not reloaded: fix the errors above; the policy read before stays in force");
        return result;
    }

    static Policy load(PolicyDirectories dirs) {
        LoadResult result = org.udevreactor.rules.PolicyLoader.load(dirs);
        if (result instanceof LoadResult.Loaded loaded) {
            Policy policy = loaded.policy();
            log.info("{} rules from {} files in {}", policy.rules().size(), policy.files().size(), dirs.directories());
            return policy;
        }
        for (PolicyError error : ((LoadResult.Failed) result).errors()) {
            log.error("{}", error);
        }
        log.error("policy not applied: fix the errors above; until then no rule applies (module autoload only, nothing is bound)");
        return Policy.EMPTY;
    }
}
