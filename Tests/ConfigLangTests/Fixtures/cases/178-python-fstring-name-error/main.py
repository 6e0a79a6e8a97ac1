x = f'{undefined_name}px'
