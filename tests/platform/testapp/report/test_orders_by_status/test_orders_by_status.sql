-- Orders and their total per status, from a date, optionally for one customer.
SELECT o.status AS status, COUNT(*) AS orders, SUM(o.total) AS total
FROM `tabTest Order` o
WHERE o.docstatus < 2
  AND o.customer = COALESCE(:customer, o.customer)
  AND o.order_date >= :from_date
GROUP BY o.status
ORDER BY o.status
