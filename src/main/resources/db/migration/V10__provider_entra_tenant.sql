-- product.md §11: a provider may accept tokens that its Entra tenant issues itself ("leave the secret
-- token blank"); the tenant's id (a GUID) names the issuer https://sts.windows.net/{tenant}/ it trusts.
alter table scim_providers add column entra_tenant_id text;
