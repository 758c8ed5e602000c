"""Reference and demo data: the city's agencies and demo accounts from
bpmn/reference (`reference`), and a realistic period of cases driven through
the engine with a moving clock (`generate`, each case following a profile in
`profiles`).
"""
