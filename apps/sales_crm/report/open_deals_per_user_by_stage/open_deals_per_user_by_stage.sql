-- Open opportunities of one pipeline per sales person and stage (no sales person: "Unassigned").
SELECT COALESCE(o.sales_person, 'Unassigned') AS sales_person,
       st.stage_name AS stage,
       COUNT(o.name) AS deals,
       COALESCE(SUM(o.expected_revenue), 0) AS amount
FROM `tabOpportunity` o
JOIN `tabSales Stage` st ON st.name = o.sales_stage
WHERE o.status = 'Open'
  AND o.pipeline = :pipeline
  AND COALESCE(o.sales_team, '') = COALESCE(:sales_team, o.sales_team, '')
GROUP BY COALESCE(o.sales_person, 'Unassigned'), st.stage_name, st.stage_order
ORDER BY COALESCE(o.sales_person, 'Unassigned'), st.stage_order
