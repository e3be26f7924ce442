"""The selling side of the CRM: catalogue prices, money, quotations and sales orders.

The arithmetic lives in `totals` (pure, Decimal only); the documents use it through
`document.SellingDocument`. docs/sales_crm_selling.md says where each rounding happens.
"""
