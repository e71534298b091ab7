package dev.provisioning.console;

import dev.provisioning.admin.AdminViews;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Provider ids as an administrator reads them: the provider's name. */
public final class ProviderNames {
    private final Map<UUID, String> names = new HashMap<>();

    ProviderNames(List<AdminViews.ScimProvider> providers) {
        providers.forEach(provider -> names.put(provider.id(), provider.name()));
    }

    /** The provider's name; "—" for none; a deleted provider says so. */
    public String name(UUID providerId) {
        if (providerId == null) {
            return "—";
        }
        return names.getOrDefault(providerId, "a deleted provider");
    }
}
