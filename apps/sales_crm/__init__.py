"""Sales CRM: leads to sales orders, accounts, contacts, activities, teams and quotas."""
