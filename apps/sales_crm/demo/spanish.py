"""Spanish-language material for the demo data: people, companies, places, products.

Plain data, no logic: the generator draws from these lists with its seeded RNG, so the
same seed always gives the same records.
"""

from __future__ import annotations

FIRST_NAMES = [
    "Lucía", "Mateo", "Sofía", "Hugo", "Martina", "Martín", "María", "Pablo", "Julia", "Daniel", "Paula", "Alejandro",
    "Valeria", "Álvaro", "Emma", "Adrián", "Daniela", "David", "Carla", "Diego", "Sara", "Mario", "Alba", "Javier",
    "Noa", "Marcos", "Carmen", "Iván", "Elena", "Jorge", "Laura", "Raúl", "Ana", "Sergio", "Marta", "Andrés", "Irene",
    "Manuel", "Cristina", "Francisco", "Beatriz", "Antonio", "Rocío", "José", "Pilar", "Luis", "Nuria", "Fernando",
    "Inés", "Ricardo", "Mónica", "Óscar", "Patricia", "Rubén", "Silvia", "Víctor", "Teresa", "Guillermo", "Aitana",
    "Íñigo", "Montserrat", "Xabier", "Ainhoa", "Jordi", "Núria", "Guadalupe", "Alejandra", "Rodrigo", "Ximena",
]  # fmt: skip
LAST_NAMES = [
    "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
    "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro",
    "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez",
    "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido",
    "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez", "Cruz", "Calvo", "Gallego",
    "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores", "Cabrera", "Campos", "Vega", "Fuentes", "Carrasco",
    "Diez", "Caballero", "Reyes", "Nieto", "Aguilar", "Pascual", "Santana", "Herrero", "Lorenzo", "Montero", "Hidalgo",
    "Giménez", "Ibáñez", "Ferrer", "Durán", "Santiago", "Benítez", "Mora", "Vicente", "Vargas", "Arias", "Carmona",
    "Crespo", "Román", "Pastor", "Soto", "Sáez", "Velasco", "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo",
    "Rojas", "Treviño", "Garza", "Villarreal", "Echeverría", "Aguirre", "Etxeberria", "Puig", "Vila", "Ríos",
]  # fmt: skip
#: the first word of a company name, by the sector it suggests
COMPANY_HEADS = [
    "Construcciones", "Transportes", "Talleres", "Distribuciones", "Ingeniería", "Consultoría", "Servicios",
    "Comercial", "Industrias", "Laboratorios", "Clínica", "Bodegas", "Hoteles", "Restaurantes", "Asesoría",
    "Inmobiliaria", "Logística", "Suministros", "Electricidad", "Ferretería", "Panadería", "Textiles", "Gráficas",
    "Maderas", "Aceites", "Conservas", "Frutas", "Muebles", "Farmacia", "Academia", "Estudio", "Agencia",
    "Centro Médico", "Autocares", "Papelería", "Climatización", "Reformas", "Seguros", "Energías", "Cerámicas",
]  # fmt: skip
COMPANY_BODIES = [
    "Iberia", "del Norte", "del Sur", "Levante", "Mediterráneo", "Atlántico", "Cantábrico", "Meseta", "Sierra Nevada",
    "Guadalquivir", "Ebro", "Duero", "Tajo", "Miño", "Pirineo", "Castilla", "Aragón", "Navarra", "Galaica", "Astur",
    "Balear", "Canaria", "Solar", "Nova", "Innova", "Global", "Integral", "Hermanos {last}", "{last} e Hijos",
    "{last}", "{last} y {last2}", "Grupo {last}", "Regio", "Azteca", "del Bajío", "Tapatía", "Costa Brava",
    "Montes", "Olivar", "Horizonte", "Alhambra", "Giralda", "Albufera", "Bahía", "Puerta del Sol",
]  # fmt: skip
#: Spanish legal forms (S.L. the most common); Mexican companies are S.A. de C.V.
LEGAL_FORMS = ["S.L.", "S.L.", "S.L.", "S.A.", "S.L.U.", "S.Coop."]
#: personal mail of leads without a company (reserved .example domains: nothing is ever sent anywhere)
EMAIL_DOMAINS = ["correo.example", "email.example", "buzon.example"]
STREETS = [
    "Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Calle Real", "Paseo de la Castellana", "Calle Alcalá",
    "Avenida Diagonal", "Calle Serrano", "Calle Colón", "Rambla de Catalunya", "Avenida de América", "Calle Larios",
    "Calle San Vicente", "Avenida del Puerto", "Calle Uría", "Paseo de Gracia", "Calle Sierpes", "Avenida Libertad",
    "Calle Princesa", "Calle Goya", "Avenida Juárez", "Paseo de la Reforma", "Calle Hidalgo", "Avenida Constitución",
]  # fmt: skip
#: region (territory) -> country and (city, province/state, postal code prefix, phone prefix)
REGIONS: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    "Madrid": ("España", [("Madrid", "Madrid", "280", "91"), ("Alcalá de Henares", "Madrid", "288", "91"),
                          ("Getafe", "Madrid", "289", "91"), ("Móstoles", "Madrid", "289", "91")]),
    "Cataluña": ("España", [("Barcelona", "Barcelona", "080", "93"), ("Girona", "Girona", "170", "972"),
                            ("Tarragona", "Tarragona", "430", "977"), ("Lleida", "Lleida", "250", "973")]),
    "Andalucía": ("España", [("Sevilla", "Sevilla", "410", "954"), ("Málaga", "Málaga", "290", "952"),
                             ("Granada", "Granada", "180", "958"), ("Córdoba", "Córdoba", "140", "957")]),
    "Comunidad Valenciana": ("España", [("Valencia", "Valencia", "460", "96"), ("Alicante", "Alicante", "030", "965"),
                                        ("Castellón de la Plana", "Castellón", "120", "964")]),
    "País Vasco": ("España", [("Bilbao", "Bizkaia", "480", "94"), ("San Sebastián", "Gipuzkoa", "200", "943"),
                              ("Vitoria-Gasteiz", "Álava", "010", "945")]),
    "Galicia": ("España", [("A Coruña", "A Coruña", "150", "981"), ("Vigo", "Pontevedra", "362", "986"),
                           ("Santiago de Compostela", "A Coruña", "157", "981")]),
    "Castilla y León": ("España", [("Valladolid", "Valladolid", "470", "983"), ("Burgos", "Burgos", "090", "947"),
                                   ("Salamanca", "Salamanca", "370", "923")]),
    "Aragón": ("España", [("Zaragoza", "Zaragoza", "500", "976"), ("Huesca", "Huesca", "220", "974")]),
    "Ciudad de México": ("México", [("Ciudad de México", "CDMX", "06", "55")]),
    "Nuevo León": ("México", [("Monterrey", "Nuevo León", "64", "81"), ("San Pedro Garza García", "Nuevo León", "66", "81")]),
    "Jalisco": ("México", [("Guadalajara", "Jalisco", "44", "33"), ("Zapopan", "Jalisco", "45", "33")]),
}  # fmt: skip
#: team name -> regions it covers
TEAMS = {
    "Centro": ["Madrid", "Castilla y León"],
    "Noreste": ["Cataluña", "Aragón"],
    "Sur": ["Andalucía"],
    "Levante": ["Comunidad Valenciana"],
    "Norte": ["País Vasco", "Galicia"],
    "México": ["Ciudad de México", "Nuevo León", "Jalisco"],
}
#: item code -> (name, unit, standard rate EUR, description)
ITEMS = {
    "CRM-LIC-BAS": ("Licencia CRM Básica (usuario/año)", "Unidad", 240, "Licencia anual por usuario, plan básico."),
    "CRM-LIC-PRO": ("Licencia CRM Profesional (usuario/año)", "Unidad", 480, "Licencia anual por usuario, plan profesional."),
    "CRM-LIC-ENT": ("Licencia CRM Empresa (usuario/año)", "Unidad", 900, "Licencia anual por usuario, plan empresa."),
    "IMPL-HORA": ("Hora de implantación", "Hora", 75, "Consultoría de implantación y configuración."),
    "FORM-JORN": ("Jornada de formación", "Día", 650, "Formación presencial para hasta 10 personas."),
    "MIGR-DATOS": ("Migración de datos", "Unidad", 1800, "Importación de clientes, contactos e histórico."),
    "SOP-PREM": ("Soporte prémium anual", "Año", 1500, "Soporte 24x7 con tiempo de respuesta de 4 horas."),
    "INTEG-ERP": ("Conector con ERP", "Unidad", 2900, "Integración bidireccional con el ERP del cliente."),
    "PORT-14": ('Portátil 14" profesional', "Unidad", 1150, "Portátil para equipos comerciales."),
    "TABL-10": ('Tableta 10" para visitas', "Unidad", 420, "Tableta con funda y teclado."),
    "MOVIL-PRO": ("Teléfono móvil profesional", "Unidad", 610, "Smartphone con línea de empresa."),
    "IMPR-MULTI": ("Impresora multifunción", "Unidad", 380, "Impresora láser color con escáner."),
    "CONS-HORA": ("Hora de consultoría comercial", "Hora", 95, "Diseño de procesos de venta y embudo."),
    "AUDIT-VTAS": ("Auditoría del proceso de ventas", "Unidad", 3200, "Diagnóstico y plan de mejora."),
    "CAMP-EMAIL": ("Campaña de correo (10.000 envíos)", "Unidad", 350, "Diseño y envío de una campaña."),
    "HOSP-ANUAL": ("Alojamiento en la nube anual", "Año", 1200, "Servidor dedicado con copias diarias."),
}
#: (template name, [(description, rate, included in price)])
TAX_TEMPLATES = [
    ("IVA 21%", [("IVA 21%", 21, 0)]),
    ("IVA 10%", [("IVA reducido 10%", 10, 0)]),
    ("IVA 21% + Recargo 5,2%", [("IVA 21%", 21, 0), ("Recargo de equivalencia 5,2%", 5.2, 0)]),
    ("IVA 16% México", [("IVA 16%", 16, 0)]),
]
#: (name, [(description, portion %, credit days)])
PAYMENT_TERMS = [
    ("Contado", [("Al contado", 100, 0)]),
    ("30 días", [("A 30 días", 100, 30)]),
    ("50% pedido, 50% a 60 días", [("Con el pedido", 50, 0), ("A 60 días", 50, 60)]),
]
#: (price list, currency, multiplier on the standard rate)
PRICE_LISTS = [("Tarifa General", "EUR", 1.0), ("Tarifa Distribuidores", "EUR", 0.85), ("Lista de Precios México", "MXN", 20.0)]
CAMPAIGNS = [
    ("Feria Expo Ventas 2026", "Stand en la feria nacional de ventas."),
    ("Webinar Embudo de Ventas", "Seminario web mensual sobre el embudo comercial."),
    ("Campaña Primavera", "Descuentos en licencias durante la primavera."),
    ("Boletín Trimestral", "Boletín por correo a clientes y prospectos."),
    ("Programa de Referidos", "Recomendaciones de clientes actuales."),
]
COMPETITORS = ["Zoho CRM", "Salesforce", "HubSpot", "Pipedrive", "Odoo", "Microsoft Dynamics", "Sage CRM"]
TAGS = [("VIP", "#d4a017"), ("Sector público", "#2e86de"), ("Renovación", "#10ac84"), ("Urgente", "#ee5253"), ("Referido", "#8854d0")]
ACTIVITY_SUBJECTS = {
    "Call": ["Llamada de seguimiento", "Llamada de presentación", "Confirmar interés", "Resolver dudas de precio"],
    "Meeting": ["Reunión de descubrimiento", "Demostración del producto", "Reunión con decisores", "Revisión de la propuesta"],
    "Email": ["Enviar catálogo", "Enviar propuesta revisada", "Enviar casos de éxito", "Resumen de la reunión"],
    "Task": ["Preparar propuesta", "Revisar contrato", "Actualizar datos del cliente", "Calcular descuento"],
    "Follow-up": ["Seguimiento tras la demo", "Seguimiento de la oferta", "Seguimiento postventa"],
}
OUTCOMES = ["Interesado, pide propuesta.", "Sin respuesta, volver a llamar.", "Pide referencias.", "Agenda una demo.",
            "Valora la competencia.", "Presupuesto aprobado en el próximo trimestre."]  # fmt: skip
LOST_DETAILS = ["Eligió una solución más barata.", "El proyecto se pospone al año que viene.", "No hubo respuesta tras la oferta.",
                "La dirección decidió no invertir este año.", "Faltaban integraciones que necesitaban."]  # fmt: skip
LEAD_NOTES = [
    "Contactó por el formulario web.",
    "Conocido en la feria.",
    "Recomendado por un cliente.",
    "Pidió información de precios.",
    "",
]
