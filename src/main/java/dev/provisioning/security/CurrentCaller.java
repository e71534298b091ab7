package dev.provisioning.security;

import dev.provisioning.provider.ScimCaller;
import dev.provisioning.scim.message.ScimException;
import jakarta.enterprise.context.RequestScoped;

/** The SCIM caller of the current request, set by {@link ScimRequestFilter}. */
@RequestScoped
public class CurrentCaller {
    private ScimCaller caller;

    void set(ScimCaller value) {
        this.caller = value;
    }

    public ScimCaller get() {
        if (caller == null) {
            throw ScimException.unauthorized("Not authenticated");
        }
        return caller;
    }
}
