package dev.provisioning.console;

import dev.provisioning.admin.AdminViews;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's templates (src/main/resources/templates/ConsolePages/), checked against these parameters at build time. */
@CheckedTemplate(basePath = "ConsolePages")
public class ConsolePages {
    static native TemplateInstance signIn(Page page, ConsoleViews.SignIn signIn);

    static native TemplateInstance organizations(Page page, List<AdminViews.Organization> organizations, Form form);

    static native TemplateInstance organization(Page page, ConsoleViews.Organization view, Form form);

    static native TemplateInstance provider(Page page, ConsoleViews.Provider view, Form form);

    static native TemplateInstance log(Page page, ConsoleViews.Log view);

    static native TemplateInstance apiKeys(Page page, ConsoleViews.ApiKeys view, Form form);

    static native TemplateInstance teams(Page page, ConsoleViews.Teams view, Form form);

    static native TemplateInstance users(Page page, ConsoleViews.Users view, Form form);

    static native TemplateInstance user(Page page, ConsoleViews.User view, Form form);

    static native TemplateInstance conflicts(Page page, ConsoleViews.Conflicts view);

    static native TemplateInstance confirm(Page page, ConsoleViews.Confirm confirm);

    static native TemplateInstance error(Page page, int status, String message);
}
