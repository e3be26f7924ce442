-- Open opportunities of one pipeline per stage, in stage order: count, amount, weighted amount.
SELECT st.stage_name AS stage,
       COUNT(o.name) AS opportunities,
       COALESCE(SUM(o.expected_revenue), 0) AS amount,
       COALESCE(SUM(o.weighted_amount), 0) AS weighted_amount
FROM `tabOpportunity` o
JOIN `tabSales Stage` st ON st.name = o.sales_stage
WHERE o.status = 'Open'
  AND o.pipeline = :pipeline
  AND COALESCE(o.sales_team, '') = COALESCE(:sales_team, o.sales_team, '')
  AND COALESCE(o.sales_person, '') = COALESCE(:sales_person, o.sales_person, '')
GROUP BY st.stage_name, st.stage_order
ORDER BY st.stage_order
